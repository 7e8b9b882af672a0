// Customer panel: a new group of the context's users.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    return {
        init: function () {
            return ["aps/Panel", { title: _("New group") }, [
                ["aps/FieldSet", [
                    ["aps/TextBox", { id: "name", label: _("Group name"), required: true, pattern: "^[A-Za-z0-9._-]+$" }],
                    ["aps/TextBox", { id: "displayName", label: _("Display name"), required: true }],
                    ["aps/TextBox", { id: "members", label: _("Members"), hint: _("Logins of the members, separated by commas.") }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            ["name", "displayName", "members"].forEach(function (id) {
                self.byId(id).set("value", "");
            });
        },

        onSubmit: function () {
            var context = aps.context.vars.context;
            var groups = new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/group/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/groups"
            });
            var group = {
                aps: { type: "http://www.open-xchange.com/aps/types/group/1.0" },
                name: this.byId("name").get("value"),
                displayName: this.byId("displayName").get("value"),
                members: this.byId("members").get("value").split(",").map(function (m) { return m.trim(); }).filter(Boolean)
            };
            when(groups.add(group), function () {
                aps.apsc.gotoView("groups");
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        },

        onCancel: function () {
            aps.apsc.gotoView("groups");
        }
    };
});
