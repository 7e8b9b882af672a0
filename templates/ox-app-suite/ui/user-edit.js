// Customer panel: change a user's name and module access, or set a new password.
// The user to edit is passed as the view parameter `userId` by the users list.
define([
    "dojo/when",
    "aps/ResourceStore",
    "aps/xhr"
], function (when, ResourceStore, xhr) {
    "use strict";

    var store = new ResourceStore({ target: "/aps/2/resources" });
    var userId = null;

    return {
        init: function () {
            return ["aps/Panel", { title: "Edit user" }, [
                ["aps/FieldSet", [
                    ["aps/Output", { id: "login", label: "Login" }],
                    ["aps/TextBox", { id: "displayName", label: "Display name" }],
                    ["aps/Select", { id: "accessLevel", label: "Module access",
                        options: [
                            { value: "webmail_plus", label: "Webmail" },
                            { value: "pim_plus", label: "PIM" },
                            { value: "groupware_plus", label: "Groupware" }
                        ] }],
                    ["aps/Password", { id: "password", label: "New password (leave empty to keep)" }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            userId = aps.context.params && aps.context.params.userId;
            when(store.get(userId), function (user) {
                self.byId("login").set("value", user.login);
                self.byId("displayName").set("value", user.displayName || "");
                self.byId("accessLevel").set("value", user.accessLevel);
                self.byId("password").set("value", "");
            });
        },

        onSubmit: function () {
            var context = aps.context.vars.context;
            var password = this.byId("password").get("value");
            var saved = store.put({
                aps: { id: userId },
                displayName: this.byId("displayName").get("value"),
                accessLevel: this.byId("accessLevel").get("value")
            });
            when(saved, function () {
                if (!password) {
                    return null;
                }
                // The context's custom operation: POST /users/{userId}/password-reset.
                return xhr("/aps/2/resources/" + context.aps.id + "/users/" + userId + "/password-reset", {
                    method: "POST",
                    headers: { "Content-Type": "application/json" },
                    data: JSON.stringify(password)
                });
            }).then(function () {
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
