// Customer panel: the users of the OX App Suite context, with links to add, edit and remove one.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var store = null;

    function selected(grid) {
        var ids = grid.get("selectionArray");
        return ids && ids.length ? ids[0] : null;
    }

    return {
        init: function () {
            var self = this;
            return ["aps/Grid", {
                id: "grid",
                selectionMode: "single",
                columns: [
                    { field: "login", name: _("Login"), type: "resourceName" },
                    { field: "email", name: _("Email address") },
                    { field: "displayName", name: _("Display name") },
                    { field: "accessLevel", name: _("Module access") }
                ]
            }, [
                ["aps/Toolbar", [
                    ["aps/ToolbarButton", { label: _("New user"), iconClass: "fa-plus",
                        onClick: function () { aps.apsc.gotoView("user-new"); } }],
                    ["aps/ToolbarButton", { label: _("Edit user"), iconClass: "fa-pencil", requireSingleItem: true,
                        onClick: function () {
                            var id = selected(self.byId("grid"));
                            if (id) {
                                aps.apsc.gotoView("user-edit", null, { userId: id });
                            }
                        } }],
                    ["aps/ToolbarButton", { label: _("Remove user"), iconClass: "fa-trash", requireSingleItem: true,
                        onClick: function () {
                            var id = selected(self.byId("grid"));
                            if (!id || !confirm(_("Remove this user and all their mail, contacts and appointments?"))) {
                                this.cancel();
                                return;
                            }
                            when(store.remove(id), function () {
                                self.byId("grid").refresh();
                            }, function (err) {
                                aps.apsc.displayMessage(err.message || String(err));
                            });
                        } }]
                ]]
            ]];
        },

        onShow: function () {
            var context = aps.context.vars.context;
            if (!context) {
                aps.apsc.gotoView("context-overview");
                return;
            }
            store = new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/user/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/users"
            });
            this.byId("grid").set("store", store);
        }
    };
});
