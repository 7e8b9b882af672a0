// Tests of ui/service-user-new.js (the service-user wizard page) under node, with a stand-in of
// what the panel gives a view: define(), _(), widgets reached through byId(), aps.apsc and
// aps.biz (getResourcesToBind, requestUsageChange). Checks what the page offers for the
// subscription's free capacity and what it asks the platform to provision.
"use strict";
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");

const source = fs.readFileSync(path.join(__dirname, "..", "..", "ui", "service-user-new.js"), "utf8");
const USER_TYPE = "http://www.open-xchange.com/aps/types/user/1.0";

// A settled promise stand-in whose callbacks run at once, so each test runs synchronously.
function settled(value, failed) {
  return {
    then(ok, err) {
      if (failed) {
        return err ? err(value) : undefined;
      }
      return ok ? ok(value) : undefined;
    }
  };
}

function load(env) {
  let view;
  const define = (deps, factory) => {
    assert.deepEqual(deps, ["dojo/when"]);
    view = factory((v, ok, err) => (v && typeof v.then === "function" ? v.then(ok, err) : ok(v)));
  };
  new Function("define", "_", "aps", source)(define, (s) => s, env.aps);
  const widgets = {};
  view.byId = (id) => {
    widgets[id] = widgets[id] || { props: {}, set(k, v) { this.props[k] = v; }, get(k) { return this.props[k]; } };
    return widgets[id];
  };
  return { view, widgets };
}

function env({ context, users, requestFails }) {
  const calls = { requests: [], next: 0, messages: [], cancelled: 0 };
  const aps = {
    context: { vars: { context } },
    apsc: {
      next() { calls.next += 1; },
      displayMessage(m) { calls.messages.push(m); },
      cancelProcessing() { calls.cancelled += 1; },
      hideLoading() {}
    },
    biz: {
      getResourcesToBind() { return settled({ users }); },
      requestUsageChange(req) {
        calls.requests.push(req);
        return settled(requestFails ? new Error("refused") : undefined, requestFails);
      }
    }
  };
  return { aps, calls };
}

const context = (counters) => Object.assign({ aps: { id: "ctx-1", subscription: "sub-9" } }, counters);
const alice = { aps: { id: "su-1" }, login: "alice@example.com", email: "alice@example.com", givenName: "Alice", familyName: "Liddell", displayName: "Alice Liddell" };
const bob = { aps: { id: "su-2" }, login: "bob@example.com" };

function run(name, fn) {
  try {
    fn();
    console.log(`ok   ${name}`);
    return true;
  } catch (e) {
    console.log(`FAIL ${name}\n${e.stack}`);
    return false;
  }
}

function shown(opts) {
  const e = env(opts);
  const { view, widgets } = load(e);
  view.init();
  view.onContext();
  return { e, view, widgets };
}

const results = [
  run("offers only the levels the subscription has room for, for all new users", () => {
    const { widgets } = shown({
      context: context({ mailboxes: { limit: 10, usage: 2 }, pimMailboxes: { limit: 3, usage: 1 }, groupwareMailboxes: { limit: 1, usage: 0 } }),
      users: [alice, bob]
    });
    assert.deepEqual(widgets.accessLevel.props.options.map((o) => o.value), ["webmail_plus", "pim_plus"]);
    assert.equal(widgets.enabled.props.checked, true);
  }),
  run("without a mailbox limit webmail is offered; PIM and groupware need a limit", () => {
    const { widgets } = shown({ context: context({}), users: [alice] });
    assert.deepEqual(widgets.accessLevel.props.options.map((o) => o.value), ["webmail_plus"]);
  }),
  run("no room for all new users: nothing is offered and the choice is off", () => {
    const { e, view, widgets } = shown({ context: context({ mailboxes: { limit: 2, usage: 1 } }), users: [alice, bob] });
    assert.deepEqual(widgets.accessLevel.props.options, []);
    assert.equal(widgets.enabled.props.checked, false);
    assert.equal(widgets.enabled.props.disabled, true);
    view.onNext();
    assert.equal(e.calls.requests.length, 0);
    assert.equal(e.calls.next, 1);
  }),
  run("provisions one OX user per service user, linked to it and to the context", () => {
    const { e, view, widgets } = shown({ context: context({ groupwareMailboxes: { limit: 5, usage: 0 } }), users: [alice, bob] });
    widgets.accessLevel.set("value", "groupware_plus");
    view.onNext();
    assert.equal(e.calls.requests.length, 1);
    const req = e.calls.requests[0];
    assert.equal(req.subscriptionId, "sub-9");
    assert.deepEqual(req.deltas, [{ apsType: USER_TYPE, delta: 2 }]);
    assert.deepEqual(req.operations.map((o) => o.provision), [
      { aps: { type: USER_TYPE }, context: { aps: { id: "ctx-1" } }, serviceUser: { aps: { id: "su-1" } },
        login: "alice@example.com", email: "alice@example.com", givenName: "Alice", surname: "Liddell",
        displayName: "Alice Liddell", accessLevel: "groupware_plus" },
      { aps: { type: USER_TYPE }, context: { aps: { id: "ctx-1" } }, serviceUser: { aps: { id: "su-2" } },
        login: "bob@example.com", email: "bob@example.com", givenName: "bob", surname: "bob",
        displayName: "", accessLevel: "groupware_plus" }
    ]);
    assert.ok(req.operations.every((o) => !("password" in o.provision)), "no password is sent");
    assert.equal(e.calls.next, 1);
  }),
  run("unticked: the wizard goes on without a request", () => {
    const { e, view, widgets } = shown({ context: context({}), users: [alice] });
    widgets.enabled.set("checked", false);
    view.onNext();
    assert.equal(e.calls.requests.length, 0);
    assert.equal(e.calls.next, 1);
  }),
  run("a level the subscription has no room for is refused and the step stays", () => {
    const { e, view, widgets } = shown({ context: context({ pimMailboxes: { limit: 1, usage: 1 } }), users: [alice] });
    widgets.accessLevel.set("value", "pim_plus");
    view.onNext();
    assert.equal(e.calls.requests.length, 0);
    assert.equal(e.calls.next, 0);
    assert.equal(e.calls.cancelled, 1);
    assert.match(e.calls.messages[0], /no room/);
  }),
  run("a refused request is shown and the step stays", () => {
    const { e, view, widgets } = shown({ context: context({}), users: [alice], requestFails: true });
    widgets.accessLevel.set("value", "webmail_plus");
    view.onNext();
    assert.equal(e.calls.next, 0);
    assert.equal(e.calls.cancelled, 1);
    assert.deepEqual(e.calls.messages, ["refused"]);
  })
];
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
