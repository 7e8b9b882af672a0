// The board settings view. Every string a user reads goes through _().
define(["aps/Output"], function (Output) {
    "use strict";
    return {
        init: function () {
            return ["aps/Panel", { title: _("Board settings") }, [
                ["aps/Output", { value: _('Service URL') }],
                ["aps/Output", { value: _("Saved %s", { name: "x" }) }]
            ]];
        }
    };
});
