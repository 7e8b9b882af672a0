// Customer panel: add a user to the OX App Suite context.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    return {
        init: function () {
            return ["aps/Panel", { title: "New user" }, [
                ["aps/FieldSet", [
                    ["aps/TextBox", { id: "login", label: "Login", required: true }],
                    ["aps/TextBox", { id: "email", label: "Email address", required: true }],
                    ["aps/TextBox", { id: "displayName", label: "Display name" }],
                    ["aps/Password", { id: "password", label: "Password", required: true }],
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
            ["login", "email", "displayName", "password"].forEach(function (id) {
                this.byId(id).set("value", "");
            }, this);
        },

        onSubmit: function () {
            var context = aps.context.vars.context;
            var users = new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/user/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/users"
            });
            var user = {
                aps: { type: "http://www.open-xchange.com/aps/types/user/1.0" },
                login: this.byId("login").get("value"),
                email: this.byId("email").get("value"),
                displayName: this.byId("displayName").get("value"),
                password: this.byId("password").get("value"),
                accessLevel: this.byId("accessLevel").get("value")
            };
            when(users.add(user), function () {
                aps.apsc.gotoView("users");
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        },

        onCancel: function () {
            aps.apsc.gotoView("users");
        }
    };
});
