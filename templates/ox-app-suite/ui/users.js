// Customer panel: the users of the OX App Suite context.
define([
    "aps/ResourceStore"
], function (ResourceStore) {
    "use strict";

    return {
        init: function () {
            return ["aps/Grid", {
                id: "grid",
                columns: [
                    { field: "login", name: "Login", type: "resourceName" },
                    { field: "email", name: "Email" },
                    { field: "displayName", name: "Name" },
                    { field: "accessLevel", name: "Module access" }
                ]
            }, [
                ["aps/Toolbar", [
                    ["aps/ToolbarButton", { label: "New user", iconClass: "fa-plus",
                        onClick: function () { aps.apsc.gotoView("user-new"); } }]
                ]]
            ]];
        },

        onShow: function () {
            var context = aps.context.vars.context;
            this.byId("grid").set("store", new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/user/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/users"
            }));
        }
    };
});
