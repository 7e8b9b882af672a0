// Customer panel: the groups of the OX App Suite context.
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
                    { field: "name", name: _("Group name"), type: "resourceName" },
                    { field: "displayName", name: _("Display name") }
                ]
            }, [
                ["aps/Toolbar", [
                    ["aps/ToolbarButton", { label: _("New group"), iconClass: "fa-plus",
                        onClick: function () { aps.apsc.gotoView("group-new"); } }],
                    ["aps/ToolbarButton", { label: _("Edit group"), iconClass: "fa-pencil", requireSingleItem: true,
                        onClick: function () {
                            var id = selected(self.byId("grid"));
                            if (id) {
                                aps.apsc.gotoView("group-edit", null, { groupId: id });
                            }
                        } }],
                    ["aps/ToolbarButton", { label: _("Remove group"), iconClass: "fa-trash", requireSingleItem: true,
                        onClick: function () {
                            var id = selected(self.byId("grid"));
                            if (!id) {
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
                apsType: "http://www.open-xchange.com/aps/types/group/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/groups"
            });
            this.byId("grid").set("store", store);
        }
    };
});
