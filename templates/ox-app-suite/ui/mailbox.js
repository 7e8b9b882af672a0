// End-user panel: the user's own mailbox: where to log in, the storage used, and a new password.
define([
    "dojo/when",
    "aps/xhr"
], function (when, xhr) {
    "use strict";

    return {
        init: function () {
            return ["aps/Panel", { title: _("My mailbox") }, [
                ["aps/FieldSet", [
                    ["aps/Output", { id: "email", label: _("Email address") }],
                    ["aps/Output", { id: "usage", label: _("Storage used") }],
                    ["aps/Button", { id: "open", label: _("Open OX App Suite"),
                        onClick: function () {
                            var user = aps.context.vars.user;
                            if (user.loginUrl) {
                                window.open(user.loginUrl, "_blank");
                            }
                        } }]
                ]],
                ["aps/FieldSet", { title: _("Change password") }, [
                    ["aps/Password", { id: "password", label: _("New password") }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            var user = aps.context.vars.user;
            self.byId("email").set("value", user.email);
            self.byId("open").set("visible", !!user.loginUrl);
            self.byId("password").set("value", "");
            // The user type's custom operation: GET /aps/2/resources/{user}/usage.
            when(xhr("/aps/2/resources/" + user.aps.id + "/usage", { handleAs: "json" }), function (u) {
                self.byId("usage").set("value", _("__used__ MB of __quota__ MB", { used: u.usedMb, quota: u.quotaMb }));
            });
        },

        onSubmit: function () {
            var user = aps.context.vars.user;
            var password = this.byId("password").get("value");
            if (!password) {
                aps.apsc.cancelProcessing();
                return;
            }
            when(xhr("/aps/2/resources/" + user.aps.id + "/password-reset", {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                data: JSON.stringify(password)
            }), function () {
                aps.apsc.displayMessage({ description: _("The password was changed."), type: "info" });
                aps.apsc.cancelProcessing();
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        }
    };
});
