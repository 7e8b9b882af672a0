//! The wiring family's rules: codes, names, severities and documentation, and the family's
//! `RULES` table (every rule the family reports is listed there).

use crate::lint::{Rule, RuleDoc, Severity};

/// This family's rules.
pub static RULES: &[&Rule] = &[
    &REQUIRED_VAR_CREATED_BY_VIEW,
    &REQUIRED_RELATION_NEVER_SET,
    &OPERATION_IN_RELATION_PATH,
];

/// A required navigation variable whose resource a view of the same navigation creates.
pub static REQUIRED_VAR_CREATED_BY_VIEW: Rule = Rule {
    code: "APS1001",
    name: "required-var-created-by-view",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a required navigation variable names a type that a view of the same navigation creates",
    doc: RuleDoc {
        what: "A `<var>` of a navigation tree (or view) that is required (the default when \
               `required` is not `false`), while a view within its reach creates a resource of \
               the variable's type: its source names the type id and adds a resource (a store's \
               `add(`, or a POST).",
        why: "The panel shows a navigation element only when its required variables resolve \
              (CloudBlue SDK \"Navigation\", variables): until the resource exists the whole \
              tree stays hidden, so the view that would create it can never be reached.",
        example: "<navigation id=\"ccp\"><var name=\"context\" type-id=\"http://example.org/context/1.0\"/>\n  ... <view id=\"context-new\" src=\"ui/context-new.js\"/>   (context-new.js adds a context)",
        fix: "Declare the variable with `required=\"false\"` and let the views handle its \
              absence (offer to create it), or create the resource automatically with the \
              subscription and drop the creating view.",
    },
};

/// A required relation that the package's views and scripts never set.
pub static REQUIRED_RELATION_NEVER_SET: Rule = Rule {
    code: "APS1002",
    name: "required-relation-never-set",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a view creates a resource without setting one of its required relations",
    doc: RuleDoc {
        what: "A type's required, single relation that no view or script of the package sets, \
               while a view creates resources of that type. Relations the platform fills are not \
               reported: to the subscription, the account, the application instance, and to a \
               type that holds a relation back (the resource is created in its collection).",
        why: "A required relation is a strong link that must exist when the resource is created \
              (CloudBlue SDK \"Relationship\", \"Type Definition\"): the platform refuses to \
              create a resource without it, so the creating view always fails.",
        example: "\"serviceUser\": {\"type\": \"http://aps-standard.org/types/core/service-user/1.0\", \"required\": true}\n(ui/user-new.js adds a user without `serviceUser: { aps: { id: ... } }`)",
        fix: "Set the relation where the resource is created (`serviceUser: { aps: { id: id } }` \
              in the view, or `$this->serviceUser = ...` in the script), or make it optional.",
    },
};

/// A custom operation whose path lies in a relation's URL space.
pub static OPERATION_IN_RELATION_PATH: Rule = Rule {
    code: "APS1003",
    name: "operation-in-relation-path",
    severity: Severity::Warning,
    lowered: &[],
    vendor_code: None,
    summary: "a custom operation path starts with the name of a relation of its type",
    doc: RuleDoc {
        what: "An operation whose `path` begins with a segment equal to the name of a relation \
               of the same type, such as `/users/{userId}/password-reset` on a type with a \
               `users` relation.",
        why: "The controller serves `/aps/2/resources/<id>/<relation>` as the relation's \
              collection of linked resources (CloudBlue SDK \"Relationship\", \"Custom \
              Operations\": `/aps/2/resources/<id>/<path>`); an operation below that URL is \
              shadowed by it or answers for the linked resources by mistake.",
        example: "\"relations\": {\"users\": {...}},\n\"operations\": {\"resetUserPassword\": {\"verb\": \"POST\", \"path\": \"/users/{userId}/password-reset\"}}",
        fix: "Move the operation to the linked type (`POST /password-reset` on the user), or \
              give it a path outside the relation's name (`/user-password-reset/{userId}`).",
    },
};
