// Provider panel: connection settings of the OX App Suite application instance. The scripts
// check the new settings against OX (OXUtilService.listServer) before they are stored.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var store = new ResourceStore({ target: "/aps/2/resources" });
    var app = null;
    var fields = ["soapUrl", "frontendUrl", "masterLogin", "imapServer", "smtpServer", "contextAccess", "language", "timezone"];

    return {
        init: function () {
            return ["aps/Panel", { title: _("OX App Suite connection") }, [
                ["aps/FieldSet", { title: _("OX App Suite") }, [
                    ["aps/TextBox", { id: "soapUrl", label: _("OX SOAP admin URL"), required: true }],
                    ["aps/TextBox", { id: "frontendUrl", label: _("OX App Suite URL"), required: true }],
                    ["aps/TextBox", { id: "masterLogin", label: _("Master admin login"), required: true }],
                    ["aps/Password", { id: "masterPassword", label: _("New master admin password"), required: false }],
                    ["aps/TextBox", { id: "contextAccess", label: _("Access combination of new contexts") }]
                ]],
                ["aps/FieldSet", { title: _("Mail hosting") }, [
                    ["aps/TextBox", { id: "imapServer", label: _("IMAP server"), required: true }],
                    ["aps/TextBox", { id: "smtpServer", label: _("SMTP server"), required: true }]
                ]],
                ["aps/FieldSet", { title: _("Defaults for new users") }, [
                    ["aps/TextBox", { id: "language", label: _("Default language") }],
                    ["aps/TextBox", { id: "timezone", label: _("Default time zone") }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            app = aps.context.vars.app;
            fields.forEach(function (id) {
                self.byId(id).set("value", app[id] || "");
            });
            this.byId("masterPassword").set("value", "");
        },

        onSubmit: function () {
            var self = this;
            var changed = { aps: { id: app.aps.id } };
            fields.forEach(function (id) {
                changed[id] = self.byId(id).get("value");
            });
            var password = this.byId("masterPassword").get("value");
            if (password) {
                changed.masterPassword = password;
            }
            when(store.put(changed), function () {
                aps.apsc.gotoView("app-settings");
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        },

        onCancel: function () {
            aps.apsc.gotoView("app-settings");
        }
    };
});
