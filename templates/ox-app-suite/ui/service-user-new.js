// Service-user wizard (UX1 Users > Add users): a page plugged into
// http://www.aps-standard.org/ui/service/suwizard.new/2. It offers the users being created an
// OX App Suite mailbox in the customer's context. The platform creates the service users first,
// then provisions what this page requested: one OX `user` per service user, linked to it through
// the required `serviceUser` relation. Only the module access the subscription still has room
// for (for all the new users) is offered, as in the customer panel's "New user" view. No
// password is sent: the user script sets a random one, which the user or the customer resets.
define([
    "dojo/when"
], function (when) {
    "use strict";

    var USER_TYPE = "http://www.open-xchange.com/aps/types/user/1.0";
    var users = [];

    // Free units of a counter; `null` when the plan sets no limit.
    function free(counter) {
        if (!counter || counter.limit === undefined || counter.limit === null) {
            return null;
        }
        return counter.limit - (counter.usage || 0);
    }

    // The levels the subscription has room for, for `count` new mailboxes. Without a limit,
    // mailboxes count as unlimited and PIM/Groupware as not included (as the scripts decide).
    function levels(context, count) {
        var mailboxes = free(context.mailboxes);
        if (mailboxes !== null && mailboxes < count) {
            return [];
        }
        var out = [{ value: "webmail_plus", label: _("Webmail") }];
        if ((free(context.pimMailboxes) || 0) >= count) {
            out.push({ value: "pim_plus", label: _("PIM") });
        }
        if ((free(context.groupwareMailboxes) || 0) >= count) {
            out.push({ value: "groupware_plus", label: _("Groupware") });
        }
        return out;
    }

    function localPart(address) {
        return String(address || "").split("@")[0];
    }

    // The OX user to provision for one new service user; OX needs given name and surname.
    function oxUser(context, u, accessLevel) {
        var login = u.login || u.email || "";
        return {
            aps: { type: USER_TYPE },
            context: { aps: { id: context.aps.id } },
            serviceUser: { aps: { id: u.aps.id } },
            login: login,
            email: u.email || login,
            givenName: u.givenName || u.displayName || localPart(login),
            surname: u.familyName || localPart(login),
            displayName: u.displayName || "",
            accessLevel: accessLevel
        };
    }

    return {
        init: function () {
            return ["aps/Panel", { title: _("OX App Suite mailbox") }, [
                ["aps/FieldSet", [
                    ["aps/CheckBox", { id: "enabled", checked: true,
                        description: _("Give the new users an OX App Suite mailbox") }],
                    ["aps/Select", { id: "accessLevel", label: _("Module access"), value: "webmail_plus", options: [] }],
                    ["aps/Output", { id: "room", label: _("Free in the subscription") }]
                ]]
            ]];
        },

        onContext: function () {
            var self = this;
            var context = aps.context.vars.context;
            when(aps.biz.getResourcesToBind(), function (resources) {
                users = (resources && resources.users) || [];
                var offered = levels(context, users.length);
                self.byId("accessLevel").set("options", offered);
                self.byId("enabled").set("checked", offered.length > 0);
                self.byId("enabled").set("disabled", offered.length === 0);
                self.byId("room").set("value", offered.length
                    ? offered.map(function (l) { return l.label; }).join(", ")
                    : _("No free mailboxes for all new users; raise the limits of the subscription."));
                aps.apsc.hideLoading();
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.hideLoading();
            });
        },

        onNext: function () {
            var self = this;
            var context = aps.context.vars.context;
            if (!self.byId("enabled").get("checked") || !users.length) {
                aps.apsc.next();
                return;
            }
            var accessLevel = self.byId("accessLevel").get("value");
            var allowed = levels(context, users.length).some(function (l) { return l.value === accessLevel; });
            if (!allowed) {
                aps.apsc.displayMessage(_("The subscription has no room for this module access for all new users."));
                aps.apsc.cancelProcessing();
                return;
            }
            when(aps.biz.requestUsageChange({
                // One more "OX App Suite user" resource of the plan per new mailbox.
                deltas: [{ apsType: USER_TYPE, delta: users.length }],
                operations: users.map(function (u) {
                    return { provision: oxUser(context, u, accessLevel) };
                }),
                subscriptionId: context.aps.subscription
            }), function () {
                aps.apsc.next();
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        }
    };
});
