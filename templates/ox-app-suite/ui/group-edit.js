// Customer panel: change a group's display name and members. The groups list passes the group's
// resource id as the view parameter `groupId`.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var store = new ResourceStore({ target: "/aps/2/resources" });
    var groupId = null;

    return {
        init: function () {
            return ["aps/Panel", { title: _("Edit group") }, [
                ["aps/FieldSet", [
                    ["aps/Output", { id: "name", label: _("Group name") }],
                    ["aps/TextBox", { id: "displayName", label: _("Display name"), required: true }],
                    ["aps/TextBox", { id: "members", label: _("Members"), hint: _("Logins of the members, separated by commas.") }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            groupId = aps.context.params && aps.context.params.groupId;
            if (!groupId) {
                aps.apsc.gotoView("groups");
                return;
            }
            when(store.get(groupId), function (group) {
                self.byId("name").set("value", group.name);
                self.byId("displayName").set("value", group.displayName || "");
                self.byId("members").set("value", (group.members || []).join(", "));
            });
        },

        onSubmit: function () {
            var changed = {
                aps: { id: groupId },
                displayName: this.byId("displayName").get("value"),
                members: this.byId("members").get("value").split(",").map(function (m) { return m.trim(); }).filter(Boolean)
            };
            when(store.put(changed), function () {
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
