// Provider panel: connection settings of the OX App Suite application instance.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var store = new ResourceStore({ target: "/aps/2/resources" });
    var app = null;

    return {
        init: function () {
            return ["aps/Panel", { title: "OX App Suite connection" }, [
                ["aps/FieldSet", [
                    ["aps/TextBox", { id: "soapUrl", label: "OX SOAP admin URL", required: true }],
                    ["aps/TextBox", { id: "frontendUrl", label: "OX App Suite URL" }],
                    ["aps/TextBox", { id: "masterLogin", label: "Master admin login", required: true }],
                    ["aps/Password", { id: "masterPassword", label: "New master admin password", required: false }]
                ]]
            ]];
        },

        onShow: function () {
            app = aps.context.vars.app;
            this.byId("soapUrl").set("value", app.soapUrl);
            this.byId("frontendUrl").set("value", app.frontendUrl || "");
            this.byId("masterLogin").set("value", app.masterLogin);
            this.byId("masterPassword").set("value", "");
        },

        onSubmit: function () {
            var changed = {
                aps: { id: app.aps.id },
                soapUrl: this.byId("soapUrl").get("value"),
                frontendUrl: this.byId("frontendUrl").get("value"),
                masterLogin: this.byId("masterLogin").get("value")
            };
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
