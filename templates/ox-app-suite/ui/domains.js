// Customer panel: the mail domains of the OX App Suite context.
define([
    "aps/ResourceStore"
], function (ResourceStore) {
    "use strict";

    return {
        init: function () {
            return ["aps/Grid", {
                id: "grid",
                columns: [
                    { field: "name", name: "Domain", type: "resourceName" },
                    { field: "shared", name: "Shared" }
                ]
            }, [
                ["aps/Toolbar", [
                    ["aps/ToolbarButton", { label: "Add domain", iconClass: "fa-plus",
                        onClick: function () { aps.apsc.gotoView("domain-new"); } }]
                ]]
            ]];
        },

        onShow: function () {
            var context = aps.context.vars.context;
            this.byId("grid").set("store", new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/domain/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/domains"
            }));
        }
    };
});
