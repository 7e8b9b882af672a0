<?php
/*
 * The application instance and the context against the OX SOAP stand-in: which operations are
 * called with which data and credentials, adoption after a partial failure, clear errors, usage
 * reporting, removal, and no secret in the log.
 */

require __DIR__ . '/lib/harness.php';
require dirname(__DIR__) . '/scripts/app.php';
require dirname(__DIR__) . '/scripts/context.php';

Harness::start();

Harness::test('app provision checks the connection with the master credentials', function () {
    $app = an_app();
    $app->provision();
    $calls = Harness::calls();
    same(array('OXUtilService.listServer'), Harness::trail(), 'one connection check');
    same(array('login' => MASTER_LOGIN, 'password' => MASTER_PASSWORD), $calls[0]['auth'], 'master credentials sent');
    no_secrets(array(MASTER_PASSWORD));
});

Harness::test('app provision fails clearly on wrong credentials, without the password', function () {
    $app = an_app(array('masterPassword' => 'Wrong-Secret-99'));
    $e = throws('OxError', '/OXUtilService\.listServer failed: .*Check the master admin login and password/', function () use ($app) {
        $app->provision();
    });
    same(OxError::CREDENTIALS, $e->kind, 'kind');
    no_secrets(array('Wrong-Secret-99'), array($e->getMessage()));
});

Harness::test('app provision fails clearly when OX is unreachable', function () {
    Harness::edit(function (&$s) { $s['down'] = true; });
    $e = throws('OxError', '/not reachable|failed/', function () {
        an_app()->provision();
    });
    same(OxError::UNREACHABLE, $e->kind, 'kind');
    check(strpos($e->getMessage(), 'Check the OX SOAP URL') !== false || strpos($e->getMessage(), 'check the OX SOAP URL') !== false, 'says what to check');
});

Harness::test('app configure checks the new settings before taking them', function () {
    $app = an_app();
    $new = an_app(array('soapUrl' => 'ftp://nowhere'));
    throws('OxRefused', '/not an http\(s\) URL/', function () use ($app, $new) {
        $app->configure($new);
    });
    same(Harness::$url, $app->soapUrl, 'old settings kept');
    $new = an_app(array('frontendUrl' => 'https://webmail.example.com/appsuite/'));
    $app->configure($new);
    same('https://webmail.example.com/appsuite/', $app->frontendUrl, 'new settings taken');
    same(array('OXUtilService.listServer'), Harness::trail(), 'checked once');
});

Harness::test('app unprovision refuses while contexts remain, and succeeds without', function () {
    $app = an_app(array('contexts' => array(obj(array('aps' => array('id' => 'c1'))))));
    throws('OxRefused', '/still serves 1 context/', function () use ($app) {
        $app->unprovision();
    });
    $app->contexts = array();
    $app->unprovision();
});

Harness::test('context provision creates the context with its administrator and quota', function () {
    $c = a_context(an_app(), array('diskspace' => 5000));
    $c->provision();
    same(array('OXContextService.list', 'OXContextService.createModuleAccessByName'), Harness::trail(), 'calls');
    $create = Harness::calls('OXContextService', 'createModuleAccessByName')[0];
    same(array('login' => MASTER_LOGIN, 'password' => MASTER_PASSWORD), $create['auth'], 'master credentials');
    same('aps-c0ffee00-0000-4000-8000-000000000001', $create['params']['ctx']['name'], 'name from the resource id');
    same(5000, $create['params']['ctx']['maxQuota'], 'quota from the storage limit');
    same('groupware_plus', $create['params']['access_combination_name'], 'access combination of the instance');
    $admin = $create['params']['admin_user'];
    same('oxadmin', $admin['name'], 'admin login');
    same('admin@example.com', $admin['primaryEmail'], 'admin email from the account');
    same('Ada', $admin['given_name'], 'given name');
    same('Admin', $admin['sur_name'], 'surname');
    check(strlen($admin['password']) >= 16, 'a generated admin password');
    same($admin['password'], $c->adminPassword, 'the admin password is stored (encrypted) on the resource');
    same(10, $c->contextId, 'context id stored');
    same(0, $c->mailboxes->usage, 'usage starts at 0');
    no_secrets(array(MASTER_PASSWORD, $admin['password']));
});

Harness::test('context provision without a storage limit asks for an unlimited quota', function () {
    $c = a_context(an_app());
    $c->provision();
    same(-1, Harness::calls('OXContextService', 'createModuleAccessByName')[0]['params']['ctx']['maxQuota'], 'unlimited');
});

Harness::test('context provision retried after the reply was lost adopts the created context', function () {
    Harness::fault('OXContextService', 'createModuleAccessByName', 'StorageException', 1, true, 'Read timed out');
    $first = a_context(an_app(), array('diskspace' => 2000));
    throws('OxError', '/createModuleAccessByName failed: Read timed out/', function () use ($first) {
        $first->provision();
    });
    same(1, count(Harness::state()['contexts']), 'OX created the context anyway');
    $retry = a_context(an_app(), array('diskspace' => 3000));
    $retry->provision();
    same(1, count(Harness::state()['contexts']), 'no second context');
    same(10, $retry->contextId, 'the existing context is adopted');
    $trail = Harness::trail();
    same(array('OXContextService.list', 'OXContextService.createModuleAccessByName!', 'OXContextService.list', 'OXUserService.getData', 'OXContextService.change'), $trail, 'adopt: find, verify admin, fix quota');
    same('oxadmin', Harness::calls('OXUserService', 'getData')[0]['auth']['login'], 'verified with the context admin');
    same(3000, Harness::state()['contexts']['10']['maxQuota'], 'quota brought up to date');
});

Harness::test('a context of the same name that is not ours is refused, not taken over', function () {
    $other = a_context(an_app(), array(), 'c0ffee00-0000-4000-8000-000000000001');
    $other->adminPassword = 'Someone-Elses-1';
    $other->provision();
    $ours = a_context(an_app());
    throws('OxRefused', '/exists already and was not created for this subscription/', function () use ($ours) {
        $ours->provision();
    });
    same(null, $ours->contextId, 'nothing adopted');
});

Harness::test('context provision reports OX refusing the data clearly', function () {
    Harness::fault('OXContextService', 'createModuleAccessByName', 'InvalidDataException', 1, false, 'Invalid context name');
    $e = throws('OxError', '/OXContextService\.createModuleAccessByName failed: Invalid context name/', function () {
        a_context(an_app())->provision();
    });
    same(OxError::INVALID, $e->kind, 'kind');
});

Harness::test('context provision needs the account administrator email', function () {
    $c = a_context(an_app());
    $c->account = obj(array('companyName' => 'No Contact Ltd'));
    throws('OxRefused', '/no administrator email/', function () use ($c) {
        $c->provision();
    });
    same(array('OXContextService.list'), Harness::trail(), 'nothing created');
});

Harness::test('context configure applies a new storage limit and name', function () {
    $c = a_context(an_app(), array('diskspace' => 1000));
    $c->provision();
    $new = clone $c;
    $new->diskspace = obj(array('limit' => 8000, 'usage' => 0));
    $new->name = 'example-ltd';
    $c->configure($new);
    $change = Harness::calls('OXContextService', 'change');
    same(1, count($change), 'one change');
    same(array('id' => 10, 'maxQuota' => 8000, 'name' => 'example-ltd'), $change[0]['params']['ctx'], 'changed fields only (in the WSDL order)');
    same('example-ltd', Harness::state()['contexts']['10']['name'], 'renamed in OX');
    same(8000, $c->diskspace->limit, 'new state taken');
    $again = clone $c;
    $again->name = '';
    $c->configure($again);
    same(2, count(Harness::calls('OXContextService', 'change')), 'an emptied name falls back to the generated one');
});

Harness::test('context configure without a change calls nothing', function () {
    $c = a_context(an_app(), array('diskspace' => 1000));
    $c->provision();
    $before = count(Harness::calls());
    $c->configure(clone $c);
    same($before, count(Harness::calls()), 'no call');
});

Harness::test('context retrieve reports storage and mailboxes per level', function () {
    $c = a_context(an_app(), array('mailboxes' => 10, 'groupwareMailboxes' => 2));
    $c->provision();
    Harness::edit(function (&$s) {
        $s['contexts']['10']['usedQuota'] = 321;
        foreach (array(3, 4, 5) as $id) {
            $s['contexts']['10']['users'][(string) $id] = array('id' => $id, 'name' => "u{$id}", 'primaryEmail' => "u{$id}@example.com");
        }
    });
    platform_users($c, array(obj(array('accessLevel' => 'groupware_plus')), obj(array('accessLevel' => 'pim_plus')), obj(array('accessLevel' => 'webmail_plus'))));
    $c->retrieve();
    same(321, $c->diskspace->usage, 'storage used');
    same(3, $c->mailboxes->usage, 'mailboxes without the admin');
    same(10, $c->mailboxes->limit, 'limit kept');
    same(1, $c->groupwareMailboxes->usage, 'groupware');
    same(1, $c->pimMailboxes->usage, 'pim');
    $trail = Harness::trail();
    same(array('OXContextService.getData', 'OXContextService.getAdminId', 'OXUserService.listAll'), array_slice($trail, -3), 'calls');
    same('oxadmin', Harness::calls('OXUserService', 'listAll')[0]['auth']['login'], 'users listed as the context admin');
});

Harness::test('context unprovision deletes the context, and a retry finds it gone', function () {
    $c = a_context(an_app());
    $c->provision();
    $c->unprovision();
    same(0, count(Harness::state()['contexts']), 'deleted');
    same(array('id' => 10), Harness::calls('OXContextService', 'delete')[0]['params']['ctx'], 'by id');
    $c->unprovision();
    same('NoSuchContextException', Harness::calls('OXContextService', 'delete')[1]['fault'], 'second delete: OX says gone');
    check(strpos(Harness::log(), 'deleted in OX already') !== false, 'logged as already gone');
});

Harness::test('context unprovision after a failed provision removes what it left in OX', function () {
    Harness::fault('OXContextService', 'createModuleAccessByName', 'StorageException', 1, true);
    $c = a_context(an_app());
    throws('OxError', '/failed/', function () use ($c) {
        $c->provision();
    });
    $c->unprovision();
    same(0, count(Harness::state()['contexts']), 'the half-made context is deleted');
    $c2 = a_context(an_app(), array(), 'other-id');
    $c2->unprovision();
    same(1, count(Harness::calls('OXContextService', 'delete')), 'nothing to delete for a context never created');
});

Harness::finish();
