// Customer panel: add one of the customer's DNS domains to the OX App Suite context.
define([
    "dojo/when",
    "aps/ResourceStore"
], function (when, ResourceStore) {
    "use strict";

    var dnsDomains = new ResourceStore({
        apsType: "http://aps-standard.org/types/dns/domain/1.0",
        target: "/aps/2/resources"
    });

    return {
        init: function () {
            return ["aps/Panel", { title: _("Add domain") }, [
                ["aps/FieldSet", [
                    ["aps/Select", { id: "dnsDomain", label: _("Domain"), required: true, options: [] }]
                ]]
            ]];
        },

        onShow: function () {
            var select = this.byId("dnsDomain");
            when(dnsDomains.query(), function (domains) {
                select.set("options", domains.map(function (d) {
                    return { value: d.aps.id, label: d.name };
                }));
            });
        },

        onSubmit: function () {
            var context = aps.context.vars.context;
            var select = this.byId("dnsDomain");
            var chosen = select.get("value");
            var label = select.get("options").filter(function (o) { return o.value === chosen; });
            var domains = new ResourceStore({
                apsType: "http://www.open-xchange.com/aps/types/domain/1.0",
                target: "/aps/2/resources/" + context.aps.id + "/domains"
            });
            var domain = {
                aps: { type: "http://www.open-xchange.com/aps/types/domain/1.0" },
                name: label.length ? label[0].label : "",
                shared: false,
                dnsDomain: { aps: { id: chosen } }
            };
            when(domains.add(domain), function () {
                aps.apsc.gotoView("domains");
            }, function (err) {
                aps.apsc.displayMessage(err.message || String(err));
                aps.apsc.cancelProcessing();
            });
        },

        onCancel: function () {
            aps.apsc.gotoView("domains");
        }
    };
});
