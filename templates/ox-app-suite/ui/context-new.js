// Customer panel: create the OX App Suite context of this subscription.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var contexts = new ResourceStore({
        apsType: "http://www.open-xchange.com/aps/types/context/1.0",
        target: "/aps/2/resources"
    });

    return {
        init: function () {
            return ["aps/Panel", { title: "Set up OX App Suite" }, [
                ["aps/FieldSet", [
                    ["aps/TextBox", { id: "name", label: "Context name", required: true,
                        pattern: "^[A-Za-z0-9._-]+$" }],
                    ["aps/TextBox", { id: "adminLogin", label: "Administrator login", value: "oxadmin" }],
                    ["aps/Password", { id: "adminPassword", label: "Administrator password", required: true }],
                    ["aps/Select", { id: "accessLevel", label: "Module access", value: "webmail_plus",
                        options: [
                            { value: "webmail_plus", label: "Webmail" },
                            { value: "pim_plus", label: "PIM" },
                            { value: "groupware_plus", label: "Groupware" }
                        ] }]
                ]]
            ]];
        },

        onShow: function () {
            this.byId("adminPassword").set("value", "");
        },

        onSubmit: function () {
            var context = {
                aps: { type: "http://www.open-xchange.com/aps/types/context/1.0" },
                name: this.byId("name").get("value"),
                adminLogin: this.byId("adminLogin").get("value"),
                adminPassword: this.byId("adminPassword").get("value"),
                accessLevel: this.byId("accessLevel").get("value")
            };
            when(contexts.add(context), function () {
                aps.apsc.gotoView("context-overview");
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        },

        onCancel: function () {
            aps.apsc.gotoView("context-overview");
        }
    };
});
