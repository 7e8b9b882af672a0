// Customer panel: the customer's OX App Suite context and what the subscription allows. Until the
// context exists (it is optional in this navigation) the view offers to set it up.
define([], function () {
    "use strict";

    function usage(counter) {
        if (!counter) {
            return "-";
        }
        var used = counter.usage || 0;
        return counter.limit === undefined || counter.limit === null
            ? _("__used__ (no limit)", { used: used })
            : _("__used__ of __limit__", { used: used, limit: counter.limit });
    }

    return {
        init: function () {
            return ["aps/Panel", { title: _("OX App Suite") }, [
                ["aps/FieldSet", { id: "details" }, [
                    ["aps/Output", { id: "name", label: _("Context") }],
                    ["aps/Output", { id: "mailboxes", label: _("Mailboxes") }],
                    ["aps/Output", { id: "pimMailboxes", label: _("PIM mailboxes") }],
                    ["aps/Output", { id: "groupwareMailboxes", label: _("Groupware mailboxes") }],
                    ["aps/Output", { id: "diskspace", label: _("Storage (MB)") }]
                ]],
                ["aps/Output", { id: "missing", visible: false,
                    value: _("OX App Suite is not set up for this subscription yet.") }],
                ["aps/Button", { id: "setup", label: _("Set up OX App Suite"), visible: false,
                    onClick: function () { aps.apsc.gotoView("context-new"); } }]
            ]];
        },

        onShow: function () {
            var context = aps.context.vars.context;
            this.byId("setup").set("visible", !context);
            this.byId("missing").set("visible", !context);
            this.byId("details").set("visible", !!context);
            if (!context) {
                return;
            }
            this.byId("name").set("value", context.name);
            this.byId("mailboxes").set("value", usage(context.mailboxes));
            this.byId("pimMailboxes").set("value", usage(context.pimMailboxes));
            this.byId("groupwareMailboxes").set("value", usage(context.groupwareMailboxes));
            this.byId("diskspace").set("value", usage(context.diskspace));
        }
    };
});
