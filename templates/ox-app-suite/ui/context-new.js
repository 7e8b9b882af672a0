// Customer panel: set up the OX App Suite context of this subscription. The name may stay empty
// (the scripts make one from the resource id); limits come from the subscription.
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
            return ["aps/Panel", { title: _("Set up OX App Suite") }, [
                ["aps/FieldSet", [
                    ["aps/TextBox", { id: "name", label: _("Context name"), required: false,
                        pattern: "^[A-Za-z0-9._-]*$",
                        hint: _("Optional: letters, digits, '.', '_' and '-'. A name is made up when empty.") }]
                ]]
            ]];
        },

        onShow: function () {
            if (aps.context.vars.context) {
                aps.apsc.gotoView("context-overview");
            }
            this.byId("name").set("value", "");
        },

        onSubmit: function () {
            var context = {
                aps: { type: "http://www.open-xchange.com/aps/types/context/1.0" },
                name: this.byId("name").get("value")
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
