// End-user panel: the user's own mailbox, its usage and where to log in.
define([
    "dojo/when",
    "aps/xhr"
], function (when, xhr) {
    "use strict";

    return {
        init: function () {
            return ["aps/Panel", { title: "My mailbox" }, [
                ["aps/FieldSet", [
                    ["aps/Output", { id: "email", label: "Email address" }],
                    ["aps/Output", { id: "usage", label: "Storage used" }]
                ]]
            ]];
        },

        onShow: function () {
            var self = this;
            var user = aps.context.vars.user;
            self.byId("email").set("value", user.email);
            // The user type's custom operation: GET /usage.
            when(xhr("/aps/2/resources/" + user.aps.id + "/usage", { handleAs: "json" }), function (u) {
                self.byId("usage").set("value", u.usedMb + " MB of " + u.quotaMb + " MB");
            });
        }
    };
});
