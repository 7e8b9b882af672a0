//! The schemas family's rules: codes, names, severities and documentation, and the
//! family's `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &SCHEMA_NOT_JSON,
    &SCHEMA_KEY_MISSING,
    &SCHEMA_BAD_NAME,
    &TYPE_ID_SYNTAX,
    &TYPE_ID_WITHOUT_VERSION,
    &PROPERTY_TYPE_MISSING,
    &PROPERTY_TYPE_UNKNOWN,
    &ARRAY_ITEMS_MISSING,
    &ATTRIBUTE_NOT_BOOLEAN,
    &ENUM_TITLES_MISMATCH,
    &DEFAULT_MISMATCH,
    &SCHEMA_UNKNOWN_ATTRIBUTE,
    &RELATION_TYPE_MISSING,
    &OPERATION_BAD_VERB,
    &OPERATION_BAD_PATH,
    &PARAMETER_BAD_KIND,
    &PATH_PARAMETER_UNDECLARED,
    &COUNTER_BAD_UNIT,
];

/// APS0401.
pub static SCHEMA_NOT_JSON: Rule = Rule {
    code: "APS0401",
    name: "schema-not-json",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type schema is not a JSON object",
    doc: RuleDoc {
        what: "The schema file does not parse as JSON (after `//` and `/* */` comments, which are tolerated), or its top level is not an object.",
        why: "An APS type is a JSON document (Type Definition, docs.cloudblue.com/cbc/sdk/21.0/api/types/type-definition); apsconnect-cli stops with \"Schema is not correct json file\" and the importer cannot bind the service.",
        example: "{\n  \"apsVersion\": \"2.0\",\n  \"name\": \"app\",   <- trailing comma\n}",
        fix: "Make the file valid JSON: no trailing commas, double-quoted keys and strings, one object at the top.",
    },
};

/// APS0402.
pub static SCHEMA_KEY_MISSING: Rule = Rule {
    code: "APS0402",
    name: "schema-key-missing",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a required top-level key of a type schema is missing or of the wrong JSON type",
    doc: RuleDoc {
        what: "`apsVersion`, `name` and `id` must be strings, `implements` an array of type ids, and `properties`, `relations`, `operations` and `structures` objects.",
        why: "The General Definitions page (type-definition/general) lists apsVersion, name, id and implements as required.",
        example: "{\"apsVersion\": \"2.0\", \"name\": \"app\", \"implements\": []}   <- no id",
        fix: "Add the key with a value of the right JSON type.",
    },
};

/// APS0403.
pub static SCHEMA_BAD_NAME: Rule = Rule {
    code: "APS0403",
    name: "schema-bad-name",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type, property, relation, operation or structure name is not an identifier",
    doc: RuleDoc {
        what: "Names must match ^[a-zA-Z_][a-zA-Z0-9_]*$.",
        why: "Type Definition / Properties: member names are case-sensitive identifiers; they become PHP and JavaScript names and REST paths.",
        example: "\"properties\": {\"max-users\": {\"type\": \"integer\"}}",
        fix: "Rename to letters, digits and underscores, not starting with a digit (`maxUsers`).",
    },
};

/// APS0404.
pub static TYPE_ID_SYNTAX: Rule = Rule {
    code: "APS0404",
    name: "type-id-syntax",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a type id does not follow http://basename[/major[.minor]]",
    doc: RuleDoc {
        what: "Checks the schema's own `id`, `implements` entries and type references: `http://` only, no port, a host name, non-empty path segments, a version of digits without leading zeros.",
        why: "APS Type ID page (type-definition/type-id): only http:// is allowed, without a port; versions are major[.minor] compared as integers.",
        example: "\"id\": \"https://example.org:8080/aps/app/01.0\"",
        fix: "Write ids as `http://example.org/aps/app/1.0`.",
    },
};

/// APS0405.
pub static TYPE_ID_WITHOUT_VERSION: Rule = Rule {
    code: "APS0405",
    name: "type-id-without-version",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a type's own id has no version",
    doc: RuleDoc {
        what: "The schema's own `id` ends without a `/major[.minor]` version.",
        why: "General Definitions requires a type's id to be fully qualified (http://basename/major[.minor]); references to it can then be version-checked and upgrades bump the version (FD-upg).",
        example: "\"id\": \"http://example.org/aps/app\"",
        fix: "Append a version: `http://example.org/aps/app/1.0`.",
    },
};

/// APS0406.
pub static PROPERTY_TYPE_MISSING: Rule = Rule {
    code: "APS0406",
    name: "property-type-missing",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a property, structure, array item or parameter has no `type`",
    doc: RuleDoc {
        what: "Every property (also inside structures and `items`) and every operation parameter needs a `type`.",
        why: "Properties page (type-definition/properties): \"The only required attribute is type\".",
        example: "\"properties\": {\"url\": {\"title\": \"URL\"}}",
        fix: "Add `\"type\": \"string\"` (or the right type).",
    },
};

/// APS0407.
pub static PROPERTY_TYPE_UNKNOWN: Rule = Rule {
    code: "APS0407",
    name: "property-type-unknown",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a `type` is neither a primitive, a structure of the schema, nor a type id",
    doc: RuleDoc {
        what: "Allowed types: string, number, integer, boolean, array, object, a structure name defined in this schema's `structures`, a type id, or `<type id>#<Structure>`.",
        why: "Properties and Structures pages: a bare name refers to a structure of the same type; other types are referred to by id.",
        example: "\"quota\": {\"type\": \"Quota\"}   <- no structure Quota",
        fix: "Define the structure under `structures`, or use a primitive or a full type id.",
    },
};

/// APS0408.
pub static ARRAY_ITEMS_MISSING: Rule = Rule {
    code: "APS0408",
    name: "array-items-missing",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "an `array` has no `items`",
    doc: RuleDoc {
        what: "A property, parameter or response of type `array` must say what its elements are with `items`; `\"items\": null` on a non-array (as `aps build` writes for string responses) is fine.",
        why: "Properties page: arrays declare their element type in `items` (core types do so, e.g. Subscription).",
        example: "\"tags\": {\"type\": \"array\"}",
        fix: "Add `\"items\": {\"type\": \"string\"}`.",
    },
};

/// APS0409.
pub static ATTRIBUTE_NOT_BOOLEAN: Rule = Rule {
    code: "APS0409",
    name: "attribute-not-boolean",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a boolean attribute holds something other than true or false",
    doc: RuleDoc {
        what: "`required`, `readonly`, `encrypted`, `final` (properties), `required`, `collection` (relations), `static` (operations) and parameter `required` must be JSON booleans.",
        why: "Properties page: these attributes are booleans, false by default; a string \"true\" is not true to a strict reader.",
        example: "\"password\": {\"type\": \"string\", \"encrypted\": \"true\"}",
        fix: "Write `true` or `false` without quotes.",
    },
};

/// APS0410.
pub static ENUM_TITLES_MISMATCH: Rule = Rule {
    code: "APS0410",
    name: "enum-titles-mismatch",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "`enum` and `enumTitles` differ in length",
    doc: RuleDoc {
        what: "`enumTitles` gives a title to each `enum` value, by position.",
        why: "The arrays are parallel (PAAccount type; shipped SpamExperts schemas); a length mismatch shifts or drops titles in the UI.",
        example: "\"enum\": [\"a\", \"b\"], \"enumTitles\": [\"A\"]",
        fix: "Give exactly one title per value.",
    },
};

/// APS0411.
pub static DEFAULT_MISMATCH: Rule = Rule {
    code: "APS0411",
    name: "default-type-mismatch",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a `default` is not a value of the property's type or not in its `enum`",
    doc: RuleDoc {
        what: "Compares `default` with the declared type (string, integer, number, boolean, array, object or structure) and with `enum` when there is one.",
        why: "Properties page: a default is a value of the property's type; the shipped OpenStack `image.usage` has a numeric default on a string property.",
        example: "\"usage\": {\"type\": \"string\", \"default\": 0}",
        fix: "Write the default in the property's type: `\"default\": \"0\"`.",
    },
};

/// APS0412.
pub static SCHEMA_UNKNOWN_ATTRIBUTE: Rule = Rule {
    code: "APS0412",
    name: "schema-unknown-attribute",
    severity: Severity::Info,
    lowered: &[],
    vendor_code: None,
    summary: "a schema key that the APS type documentation does not describe",
    doc: RuleDoc {
        what: "Keys outside the documented sets of a type, property, relation, operation, parameter or response (minLength, maximum, unique and friends are undocumented too).",
        why: "The documented attribute table is incomplete (APS-FORMAT §5.4), so unknown keys are only noted; a misspelt key (`requried`) is silently ignored by the platform.",
        example: "\"name\": {\"type\": \"string\", \"requried\": true}",
        fix: "Check the spelling; remove keys the platform does not use.",
    },
};

/// APS0413.
pub static RELATION_TYPE_MISSING: Rule = Rule {
    code: "APS0413",
    name: "relation-type-missing",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a relation has no `type`",
    doc: RuleDoc {
        what: "Every relation names the type of the linked resource in `type`.",
        why: "Relations link resources of given types (type-definition relations; core types); without a type the link cannot be made.",
        example: "\"relations\": {\"app\": {\"required\": true}}",
        fix: "Add `\"type\": \"http://example.org/aps/app/1.0\"`.",
    },
};

/// APS0414.
pub static OPERATION_BAD_VERB: Rule = Rule {
    code: "APS0414",
    name: "operation-bad-verb",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "an operation's `verb` is missing or not GET, POST, PUT or DELETE",
    doc: RuleDoc {
        what: "Custom operations are REST calls with one of four verbs.",
        why: "Operations page (type-definition/operations): verb is GET, POST, PUT or DELETE.",
        example: "\"getTemperature\": {\"verb\": \"FETCH\", \"path\": \"/temperature\"}",
        fix: "Use one of GET, POST, PUT, DELETE (upper case).",
    },
};

/// APS0415.
pub static OPERATION_BAD_PATH: Rule = Rule {
    code: "APS0415",
    name: "operation-bad-path",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "an operation's `path` is missing or does not start with `/`",
    doc: RuleDoc {
        what: "The operation path is appended to the resource URL and must start with `/`.",
        why: "Operations page: `GET /aps/2/resources/<id>/<path>` reaches `<endpoint>/<service>/<id>/<path>`.",
        example: "\"verb\": \"GET\", \"path\": \"temperature\"",
        fix: "Write `\"path\": \"/temperature\"`.",
    },
};

/// APS0416.
pub static PARAMETER_BAD_KIND: Rule = Rule {
    code: "APS0416",
    name: "parameter-bad-kind",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "an operation parameter's `kind` is not path, query or body",
    doc: RuleDoc {
        what: "Parameters are passed in the path, the query string or the body.",
        why: "Operations page: `kind` is one of path, query, body.",
        example: "\"parameters\": {\"city\": {\"type\": \"string\", \"kind\": \"header\"}}",
        fix: "Use `path`, `query` or `body`.",
    },
};

/// APS0417.
pub static PATH_PARAMETER_UNDECLARED: Rule = Rule {
    code: "APS0417",
    name: "path-parameter-undeclared",
    severity: Severity::Error,
    lowered: &[],
    vendor_code: None,
    summary: "a `{name}` in an operation path has no matching `kind: path` parameter",
    doc: RuleDoc {
        what: "Every placeholder in `path` must be declared as a parameter with `\"kind\": \"path\"`.",
        why: "Operations page: path parameters fill the `{param}` placeholders; an undeclared one is never bound [inferred].",
        example: "\"path\": \"/cities/{city}\", \"parameters\": {}",
        fix: "Declare `\"city\": {\"type\": \"string\", \"kind\": \"path\", \"required\": true}`.",
    },
};

/// APS0418.
pub static COUNTER_BAD_UNIT: Rule = Rule {
    code: "APS0418",
    name: "counter-bad-unit",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a resource counter's `unit` is not a known unit",
    doc: RuleDoc {
        what: "`unit` on Counter, Limit and Usage properties is one of unit, kb, mb, gb, unit-h, mb-h.",
        why: "Units seen in shipped packages and core Counter docs (APS-FORMAT §5.4); billing tools turn counters into resource types by unit.",
        example: "\"mailboxes\": {\"type\": \"http://aps-standard.org/types/core/resource/1.0#Counter\", \"unit\": \"items\"}",
        fix: "Use `unit` for plain counts or one of the size units.",
    },
};
