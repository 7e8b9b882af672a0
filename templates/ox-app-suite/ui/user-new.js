// Customer panel: give one of the customer's service users an OX App Suite account. The account
// is bound to the service user (the required `serviceUser` relation); the module access offered
// is what the subscription still allows.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var serviceUsers = new ResourceStore({
        apsType: "http://aps-standard.org/types/core/service-user/1.0",
        target: "/aps/2/resources"
    });
    var known = {};

    function free(counter) {
        if (!counter || counter.limit === undefined || counter.limit === null) {
            return 0;
        }
        return counter.limit - (counter.usage || 0);
    }

    return {
        init: function () {
            var self = this;
            return ["aps/Panel", { title: _("New user") }, [
                ["aps/FieldSet", [
                    ["aps/Select", { id: "serviceUser", label: _("Service user"), required: true, options: [],
                        onChange: function (id) { self.fill(id); } }],
                    ["aps/TextBox", { id: "login", label: _("Login"), required: true }],
                    ["aps/TextBox", { id: "email", label: _("Email address"), required: true }],
                    ["aps/TextBox", { id: "givenName", label: _("Given name"), required: true }],
                    ["aps/TextBox", { id: "surname", label: _("Surname"), required: true }],
                    ["aps/TextBox", { id: "displayName", label: _("Display name") }],
                    ["aps/TextBox", { id: "aliases", label: _("Email aliases"), hint: _("Separate addresses with commas.") }],
                    ["aps/TextBox", { id: "language", label: _("Language"), hint: _("For example en_US or de_DE; empty for the default.") }],
                    ["aps/TextBox", { id: "timezone", label: _("Time zone"), hint: _("For example Europe/Berlin; empty for the default.") }],
                    ["aps/Password", { id: "password", label: _("Password"), required: true }],
                    ["aps/Select", { id: "accessLevel", label: _("Module access"), value: "webmail_plus", options: [] }]
                ]]
            ]];
        },

        fill: function (id) {
            var u = known[id];
            if (!u) {
                return;
            }
            this.byId("login").set("value", u.login || "");
            this.byId("email").set("value", u.email || u.login || "");
            this.byId("givenName").set("value", u.givenName || "");
            this.byId("surname").set("value", u.familyName || "");
            this.byId("displayName").set("value", u.displayName || "");
        },

        onShow: function () {
            var self = this;
            var context = aps.context.vars.context;
            if (!context) {
                aps.apsc.gotoView("context-overview");
                return;
            }
            ["login", "email", "givenName", "surname", "displayName", "aliases", "language", "timezone", "password"].forEach(function (id) {
                self.byId(id).set("value", "");
            });
            var levels = [{ value: "webmail_plus", label: _("Webmail") }];
            if (free(context.pimMailboxes) > 0) {
                levels.push({ value: "pim_plus", label: _("PIM") });
            }
            if (free(context.groupwareMailboxes) > 0) {
                levels.push({ value: "groupware_plus", label: _("Groupware") });
            }
            this.byId("accessLevel").set("options", levels);
            when(serviceUsers.query(), function (users) {
                known = {};
                self.byId("serviceUser").set("options", users.map(function (u) {
                    known[u.aps.id] = u;
                    return { value: u.aps.id, label: u.displayName || u.login };
                }));
                if (users.length) {
                    self.fill(users[0].aps.id);
                }
            });
        },

        onSubmit: function () {
            var self = this;
            var context = aps.context.vars.context;
            var users = new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/user/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/users"
            });
            var value = function (id) { return self.byId(id).get("value"); };
            var user = {
                aps: { type: "http://www.open-xchange.com/aps/types/user/1.0" },
                serviceUser: { aps: { id: value("serviceUser") } },
                login: value("login"),
                email: value("email"),
                givenName: value("givenName"),
                surname: value("surname"),
                displayName: value("displayName"),
                aliases: value("aliases").split(",").map(function (a) { return a.trim(); }).filter(Boolean),
                language: value("language"),
                timezone: value("timezone"),
                password: value("password"),
                accessLevel: value("accessLevel")
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
