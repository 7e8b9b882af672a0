// Customer panel: what the customer's OX App Suite context holds and how much of it is used.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    function usage(counter) {
        if (!counter) {
            return "-";
        }
        return counter.usage + " / " + (counter.limit === undefined ? "unlimited" : counter.limit);
    }

    return {
        init: function () {
            return ["aps/Panel", { title: "OX App Suite" }, [
                ["aps/FieldSet", [
                    ["aps/Output", { id: "name", label: "Context" }],
                    ["aps/Output", { id: "accessLevel", label: "Module access" }],
                    ["aps/Output", { id: "mailboxes", label: "Mailboxes" }],
                    ["aps/Output", { id: "quota", label: "Storage (MB)" }]
                ]],
                ["aps/Button", { id: "setup", label: "Set up OX App Suite", visible: false,
                    onClick: function () { aps.apsc.gotoView("context-new"); } }]
            ]];
        },

        onShow: function () {
            var context = aps.context.vars.context;
            if (!context) {
                this.byId("setup").set("visible", true);
                return;
            }
            this.byId("setup").set("visible", false);
            this.byId("name").set("value", context.name);
            this.byId("accessLevel").set("value", context.accessLevel);
            this.byId("mailboxes").set("value", usage(context.mailboxes));
            this.byId("quota").set("value", usage(context.quota));
        }
    };
});
