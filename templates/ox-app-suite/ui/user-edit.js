// Customer panel: change a user's names, addresses, language, module access, or set a new
// password. The users list passes the user's resource id as the view parameter `userId`.
define([
    "dojo/when",
    "aps/ResourceStore",
    "aps/xhr"
], function (when, ResourceStore, xhr) {
    "use strict";

    var store = new ResourceStore({ target: "/aps/2/resources" });
    var userId = null;
    var fields = ["givenName", "surname", "displayName", "language", "timezone"];

    return {
        init: function () {
            return ["aps/Panel", { title: _("Edit user") }, [
                ["aps/FieldSet", [
                    ["aps/Output", { id: "login", label: _("Login") }],
                    ["aps/Output", { id: "email", label: _("Email address") }],
                    ["aps/TextBox", { id: "givenName", label: _("Given name"), required: true }],
                    ["aps/TextBox", { id: "surname", label: _("Surname"), required: true }],
                    ["aps/TextBox", { id: "displayName", label: _("Display name") }],
                    ["aps/TextBox", { id: "aliases", label: _("Email aliases"), hint: _("Separate addresses with commas.") }],
                    ["aps/TextBox", { id: "language", label: _("Language") }],
                    ["aps/TextBox", { id: "timezone", label: _("Time zone") }],
                    ["aps/Select", { id: "accessLevel", label: _("Module access"),
                        options: [
                            { value: "webmail_plus", label: _("Webmail") },
                            { value: "pim_plus", label: _("PIM") },
                            { value: "groupware_plus", label: _("Groupware") }
                        ] }],
                    ["aps/Password", { id: "password", label: _("New password (leave empty to keep)") }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            userId = aps.context.params && aps.context.params.userId;
            if (!userId) {
                aps.apsc.gotoView("users");
                return;
            }
            when(store.get(userId), function (user) {
                self.byId("login").set("value", user.login);
                self.byId("email").set("value", user.email);
                fields.forEach(function (id) {
                    self.byId(id).set("value", user[id] || "");
                });
                self.byId("aliases").set("value", (user.aliases || []).join(", "));
                self.byId("accessLevel").set("value", user.accessLevel);
                self.byId("password").set("value", "");
            });
        },

        onSubmit: function () {
            var self = this;
            var password = this.byId("password").get("value");
            var changed = {
                aps: { id: userId },
                aliases: this.byId("aliases").get("value").split(",").map(function (a) { return a.trim(); }).filter(Boolean),
                accessLevel: this.byId("accessLevel").get("value")
            };
            fields.forEach(function (id) {
                changed[id] = self.byId(id).get("value");
            });
            when(store.put(changed), function () {
                if (!password) {
                    return null;
                }
                // The user type's custom operation: POST /aps/2/resources/{user}/password-reset.
                return xhr("/aps/2/resources/" + userId + "/password-reset", {
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
