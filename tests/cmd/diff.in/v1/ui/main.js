define([], function () {});
