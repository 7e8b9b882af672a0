<?php
/*
 * Users against the OX SOAP stand-in: creation with OX's mandatory fields and the platform's
 * mail hosting, entitlement from the subscription's limits, updates, retries, password reset,
 * usage, removal, and no secret in the log.
 */

require __DIR__ . '/lib/harness.php';
require dirname(__DIR__) . '/scripts/context.php';
require dirname(__DIR__) . '/scripts/user.php';
require dirname(__DIR__) . '/scripts/app.php';

Harness::start();

Harness::test('user provision creates the OX user with mandatory fields and mail hosting', function () {
    $c = ready_context();
    $u = a_user($c);
    $u->provision();
    same(array('OXUserService.getData!', 'OXUserService.createByModuleAccessName'), Harness::trail(), 'look up, then create');
    $call = Harness::calls('OXUserService', 'createByModuleAccessName')[0];
    same(array('login' => 'oxadmin', 'password' => $c->adminPassword), $call['auth'], 'context admin credentials');
    same(array('id' => 10), $call['params']['ctx'], 'the context');
    same('webmail_plus', $call['params']['access_combination_name'], 'module access');
    $d = $call['params']['usrdata'];
    same('jane', $d['name'], 'login');
    same('User-Secret-42', $d['password'], 'password');
    same('Jane Doe', $d['display_name'], 'display name from the names');
    same('Jane', $d['given_name'], 'given name');
    same('Doe', $d['sur_name'], 'surname');
    same('jane@example.com', $d['primaryEmail'], 'primary address');
    same('jane@example.com', $d['email1'], 'email1');
    same('jane@example.com', $d['defaultSenderAddress'], 'sender');
    same(array('jane@example.com', 'j.doe@example.com'), $d['aliases'], 'aliases include the primary address');
    same('en_US', $d['language'], 'default language of the instance');
    same('Europe/Berlin', $d['timezone'], 'default time zone');
    same('imaps://mail.example.com:993', $d['imapServer'], 'IMAP of the mail hosting');
    same('smtps://mail.example.com:465', $d['smtpServer'], 'SMTP of the mail hosting');
    same('jane@example.com', $d['imapLogin'], 'IMAP login');
    same(true, $d['mailenabled'], 'mail enabled');
    same(3, $u->userId, 'OX user id stored');
    same('https://ox.example.com/appsuite/', $u->loginUrl, 'login link');
    no_secrets(array(MASTER_PASSWORD, $c->adminPassword, 'User-Secret-42'));
});

Harness::test('user provision takes language and time zone of the user', function () {
    $u = a_user(ready_context(), array('language' => 'de_DE', 'timezone' => 'Europe/Vienna', 'displayName' => 'J. Doe'));
    $u->provision();
    $d = Harness::calls('OXUserService', 'createByModuleAccessName')[0]['params']['usrdata'];
    same('de_DE', $d['language'], 'language');
    same('Europe/Vienna', $d['timezone'], 'time zone');
    same('J. Doe', $d['display_name'], 'display name');
});

Harness::test('groupware needs groupware mailboxes in the subscription', function () {
    $c = ready_context(array('groupwareMailboxes' => 1));
    platform_users($c, array(obj(array('aps' => array('id' => 'other'), 'accessLevel' => 'groupware_plus'))));
    throws('OxRefused', '/includes 1 Groupware mailbox\(es\), all in use/', function () use ($c) {
        a_user($c, array('accessLevel' => 'groupware_plus'))->provision();
    });
    same(array(), Harness::trail(), 'nothing sent to OX');
    throws('OxRefused', '/includes 0 PIM mailbox/', function () use ($c) {
        a_user($c, array('accessLevel' => 'pim_plus'))->provision();
    });
    platform_users($c, array());
    $u = a_user($c, array('accessLevel' => 'groupware_plus'));
    $u->provision();
    same('groupware_plus', Harness::calls('OXUserService', 'createByModuleAccessName')[0]['params']['access_combination_name'], 'granted');
});

Harness::test('the mailbox limit of the subscription is kept', function () {
    $c = ready_context(array('mailboxes' => 1));
    platform_users($c, array(obj(array('aps' => array('id' => 'other'), 'accessLevel' => 'webmail_plus'))));
    throws('OxRefused', '/includes 1 mailbox\(es\), all in use/', function () use ($c) {
        a_user($c)->provision();
    });
    platform_users($c, array(obj(array('aps' => array('id' => 'user-1'), 'accessLevel' => 'webmail_plus'))));
    a_user($c)->provision();
    same(1, count(Harness::calls('OXUserService', 'createByModuleAccessName')), 'the user itself does not count twice');
});

Harness::test('user provision retried after a lost reply updates the existing user', function () {
    $c = ready_context(array('pimMailboxes' => 5));
    Harness::fault('OXUserService', 'createByModuleAccessName', 'StorageException', 1, true, 'Read timed out');
    throws('OxError', '/Read timed out/', function () use ($c) {
        a_user($c, array('accessLevel' => 'pim_plus'))->provision();
    });
    $u = a_user($c, array('accessLevel' => 'pim_plus', 'surname' => 'Doe-Smith'));
    $u->provision();
    same(array('OXUserService.getData!', 'OXUserService.createByModuleAccessName!', 'OXUserService.getData', 'OXUserService.change', 'OXUserService.changeByModuleAccessName'), Harness::trail(), 'adopted');
    same(3, $u->userId, 'same user');
    $users = Harness::state()['contexts']['10']['users'];
    same(2, count($users), 'admin and one user');
    same('Doe-Smith', $users['3']['sur_name'], 'updated');
    same('pim_plus', $users['3']['access'], 'module access set');
});

Harness::test('user provision reports a duplicate address clearly', function () {
    $c = ready_context();
    a_user($c)->provision();
    $e = throws('OxError', '/createByModuleAccessName failed: Primary mail address jane@example.com already exists/', function () use ($c) {
        a_user($c, array('login' => 'jane2'), 'user-2')->provision();
    });
    same(OxError::EXISTS, $e->kind, 'kind: OX has the address already');
    same(2, count(Harness::calls('OXUserService', 'createByModuleAccessName')), 'one attempt for each user, none repeated');
});

Harness::test('user provision waits for the context', function () {
    $c = a_context(an_app());
    throws('OxRefused', '/context of this subscription is not ready/', function () use ($c) {
        a_user($c)->provision();
    });
});

Harness::test('user configure sends changed fields only, and module access within limits', function () {
    $c = ready_context(array('groupwareMailboxes' => 1));
    $u = a_user($c);
    $u->provision();
    $new = clone $u;
    $new->displayName = 'Jane D.';
    $new->aliases = array('jd@example.com');
    $new->accessLevel = 'groupware_plus';
    $u->configure($new);
    $change = Harness::calls('OXUserService', 'change')[0]['params']['usrdata'];
    same(array('aliases' => array('jane@example.com', 'jd@example.com'), 'display_name' => 'Jane D.', 'id' => 3), $change, 'changed fields only');
    same('groupware_plus', Harness::calls('OXUserService', 'changeByModuleAccessName')[0]['params']['access_combination_name'], 'access changed');
    same('groupware_plus', $u->accessLevel, 'new state taken');
    platform_users($c, array(obj(array('aps' => array('id' => 'other'), 'accessLevel' => 'groupware_plus'))));
    $u2 = a_user($c, array('login' => 'max', 'email' => 'max@example.com'), 'user-2');
    $u2->provision();
    $up = clone $u2;
    $up->accessLevel = 'groupware_plus';
    throws('OxRefused', '/Groupware mailbox/', function () use ($u2, $up) {
        $u2->configure($up);
    });
    same('webmail_plus', $u2->accessLevel, 'refused change not taken');
    $renamed = clone $u2;
    $renamed->login = 'maxi';
    throws('OxRefused', '/login of an OX user cannot change/', function () use ($u2, $renamed) {
        $u2->configure($renamed);
    });
});

Harness::test('password reset changes the password in OX and never logs it', function () {
    $u = a_user(ready_context());
    $u->provision();
    $u->resetPassword('Brand-New-Secret-7');
    $call = Harness::calls('OXUserService', 'change')[0];
    same(array('id' => 3, 'password' => 'Brand-New-Secret-7'), $call['params']['usrdata'], 'password sent');
    same('Brand-New-Secret-7', Harness::state()['contexts']['10']['users']['3']['password'], 'changed in OX');
    $e = throws('OxRefused', '/at least 8 characters/', function () use ($u) {
        $u->resetPassword('short');
    });
    no_secrets(array('Brand-New-Secret-7', 'User-Secret-42', MASTER_PASSWORD), array($e->getMessage()));
});

Harness::test('usage and retrieve report the storage OX measures', function () {
    $u = a_user(ready_context());
    $u->provision();
    Harness::edit(function (&$s) {
        $s['contexts']['10']['users']['3']['usedQuota'] = 42;
        $s['contexts']['10']['users']['3']['maxQuota'] = 1024;
    });
    $usage = $u->usage();
    same(42, $usage->usedMb, 'used');
    same(1024, $usage->quotaMb, 'quota');
    $u->retrieve();
    same(42, $u->usedStorageMb, 'reported on the resource');
    same(array('id' => 3), Harness::calls('OXUserService', 'getData')[1]['params']['user'], 'by id');
});

Harness::test('user unprovision deletes the user; a retry and a never-created user are fine', function () {
    $u = a_user(ready_context());
    $u->provision();
    $u->unprovision();
    same(1, count(Harness::state()['contexts']['10']['users']), 'only the admin is left');
    same(array('id' => 3), Harness::calls('OXUserService', 'delete')[0]['params']['user'], 'by id');
    $u->unprovision();
    same('NoSuchUserException', Harness::calls('OXUserService', 'delete')[1]['fault'], 'already gone');
    $never = a_user($u->context, array('login' => 'ghost'), 'user-9');
    $never->unprovision();
    same(2, count(Harness::calls('OXUserService', 'delete')), 'nothing to delete');
});

Harness::test('a context admin password OX refuses is a clear error', function () {
    $c = ready_context();
    $c->adminPassword = 'Not-The-Admin-Password';
    $e = throws('OxError', '/failed: Authentication failed.*Check the master admin login/', function () use ($c) {
        a_user($c)->provision();
    });
    same(OxError::CREDENTIALS, $e->kind, 'kind');
    no_secrets(array('Not-The-Admin-Password'), array($e->getMessage()));
});

Harness::finish();
