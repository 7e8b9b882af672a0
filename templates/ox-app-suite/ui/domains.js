// Customer panel: the mail domains of the OX App Suite context (its login domains).
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var store = null;

    return {
        init: function () {
            var self = this;
            return ["aps/Grid", {
                id: "grid",
                selectionMode: "single",
                columns: [
                    { field: "name", name: _("Domain"), type: "resourceName" },
                    { field: "shared", name: _("Shared domain") }
                ]
            }, [
                ["aps/Toolbar", [
                    ["aps/ToolbarButton", { label: _("Add domain"), iconClass: "fa-plus",
                        onClick: function () { aps.apsc.gotoView("domain-new"); } }],
                    ["aps/ToolbarButton", { label: _("Remove domain"), iconClass: "fa-trash", requireSingleItem: true,
                        onClick: function () {
                            var ids = self.byId("grid").get("selectionArray");
                            if (!ids || !ids.length) {
                                this.cancel();
                                return;
                            }
                            when(store.remove(ids[0]), function () {
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
                apsType: "http://www.open-xchange.com/aps/types/domain/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/domains"
            });
            this.byId("grid").set("store", store);
        }
    };
});
