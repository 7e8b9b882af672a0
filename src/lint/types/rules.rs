//! The types family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity, When, lowered};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &SERVICE_SCHEMA_UNUSABLE,
    &DUPLICATE_TYPE_ID,
    &DUPLICATE_TYPE_NAME,
    &NO_APPLICATION_TYPE,
    &UNRESOLVED_TYPE,
    &UNVERSIONED_TYPE_REF,
    &SERVICE_SCHEMA_SHARED,
    &ANNOTATION_DRIFT,
];

/// APS0501.
pub static SERVICE_SCHEMA_UNUSABLE: Rule = Rule {
    code: "APS0501",
    name: "service-schema-unusable",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a service's schema does not parse, so the service binds to no type",
    doc: RuleDoc {
        what: "The file named by a service's `<schema path>` exists but is not a JSON object.",
        why: "Type Definition: \"every service declared in a package must be bound to an APS type defined in the same package\"; an unreadable schema binds nothing and the import fails.",
        example: "<service id=\"app\"><schema path=\"schemas/app.schema\"/>  (app.schema: `{\"id\": `)",
        fix: "Repair the schema (see APS0401 on the schema file itself).",
    },
};

/// APS0502.
pub static DUPLICATE_TYPE_ID: Rule = Rule {
    code: "APS0502",
    name: "duplicate-type-id",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "two schemas of the package declare the same type id",
    doc: RuleDoc {
        what: "Every schema's `id` is unique within the package.",
        why: "APS Type ID: an id names exactly one type; two definitions make the binding of services ambiguous (EXPECTED corpus rules: duplicate type id is an error).",
        example: "schemas/a.schema and schemas/b.schema both: \"id\": \"http://example.org/aps/app/1.0\"",
        fix: "Give each type its own id (or remove the stale copy).",
    },
};

/// APS0503.
pub static DUPLICATE_TYPE_NAME: Rule = Rule {
    code: "APS0503",
    name: "duplicate-type-name",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "two schemas of the package use the same type `name`",
    doc: RuleDoc {
        what: "The friendly `name` of each type in one package differs.",
        why: "General Definitions: `name` is only for code generation and documentation and cannot be used to refer to a type, so a clash is not fatal, but generated classes collide.",
        example: "schemas/a.schema and schemas/b.schema both: \"name\": \"app\"",
        fix: "Rename one of the types.",
    },
};

/// APS0504.
pub static NO_APPLICATION_TYPE: Rule = Rule {
    code: "APS0504",
    name: "no-application-type",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "no type of the package implements the core application type",
    doc: RuleDoc {
        what: "Some schema implements http://aps-standard.org/types/core/application/1.0, directly or through another package type.",
        why: "The application root service is that type; `aps build` fails without one (troubleshooting examples, docs.cloudblue.com).",
        example: "\"implements\": [\"http://aps-standard.org/types/core/resource/1.0\"]   <- in every schema",
        fix: "Let the root service's type implement http://aps-standard.org/types/core/application/1.0.",
    },
};

/// Where an unresolved type may be defined after all.
const SCHEMA_BROKEN: When =
    When::Case("while another schema of the package does not parse (it may define the type)");

/// APS0505.
pub static UNRESOLVED_TYPE: Rule = Rule {
    code: "APS0505",
    name: "unresolved-type",
    severity: Severity::Error,
    lowered: &[lowered(SCHEMA_BROKEN, Severity::Warning)],
    vendor_code: None,
    summary: "a referenced type is neither a package type nor a platform type",
    doc: RuleDoc {
        what: "Relation, property, item, parameter, response and `implements` types that are type ids, and APP-META `var@type-id` values, must name a schema of the package (or its base name), a structure of it (`id#Structure`), or a type in a platform namespace (http://aps-standard.org/types/, http://parallels.com/aps/types/, http://odin.com/). Checked only when the package has schemas.",
        why: "Type Definition: services bind to types defined in the same package; platform types live in the documented namespaces. A relation to a type nobody defines can never be satisfied (shipped OpenStack package: `.../ip`).",
        example: "\"relations\": {\"ip\": {\"type\": \"http://openstack.parallels.com/ip\"}}   <- no such type",
        fix: "Point the reference at the id a schema declares, or add the schema.",
    },
};

/// APS0506.
pub static UNVERSIONED_TYPE_REF: Rule = Rule {
    code: "APS0506",
    name: "unversioned-type-ref",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a type reference has no version and matches a package type only by base name",
    doc: RuleDoc {
        what: "A reference such as `http://vendor/app/type` where the package defines `http://vendor/app/type/1.2`.",
        why: "APS Type ID allows a version-less id, but a type's own id is fully qualified (General Definitions), so the reference matches only by base name and silently follows every version change.",
        example: "<var name=\"app\" type-id=\"http://openstack.parallels.com/app\"/>   (type is .../app/1.4)",
        fix: "Write the full id with its version, e.g. `http://openstack.parallels.com/app/1.4` for the example.",
    },
};

/// APS0507.
pub static SERVICE_SCHEMA_SHARED: Rule = Rule {
    code: "APS0507",
    name: "service-schema-shared",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "two services are bound to the same schema",
    doc: RuleDoc {
        what: "Each `<service>` names its own schema file, so each service has its own type id.",
        why: "Type Definition / Application Services: one service per APS type; two services on one type collide on the type id.",
        example: "<service id=\"a\"><schema path=\"schemas/app.schema\"/>...<service id=\"b\"><schema path=\"schemas/app.schema\"/>",
        fix: "Give the second service its own schema and type id.",
    },
};

/// APS0508.
pub static ANNOTATION_DRIFT: Rule = Rule {
    code: "APS0508",
    name: "annotation-drift",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a project's script annotations disagree with the type aps.toml declares",
    doc: RuleDoc {
        what: "In an aps.toml project whose service scripts carry APS PHP annotations (`@type`, `@implements`, `@link`, `@verb`, ...), the script's type id, implements, properties (type, required, readonly, encrypted), relations (type, required, collection) and operations (verb, path, parameters) agree with the manifest's `[types.<name>]`. Reported at the script, with the aps.toml line.",
        why: "apspack builds the schema from aps.toml, but the APS PHP runtime serves the resource from the script's class: when the two disagree, the platform and the code see different types (a property the runtime never fills, a relation the script cannot follow).",
        example: "scripts/context.php: @link(\"http://example.com/app/user/1.0[]\") public $users;  aps.toml: [types.context.relations] has no `users`",
        fix: "Change the script's annotations or the manifest so that both describe the same type.",
    },
};
