<?php
/*
 * Domains (login mappings of the context) and groups against the OX SOAP stand-in.
 */

require __DIR__ . '/lib/harness.php';
require dirname(__DIR__) . '/scripts/app.php';
require dirname(__DIR__) . '/scripts/context.php';
require dirname(__DIR__) . '/scripts/user.php';
require dirname(__DIR__) . '/scripts/domain.php';
require dirname(__DIR__) . '/scripts/group.php';

Harness::start();

function a_domain($c, $name)
{
    $d = new domain();
    $d->aps = obj(array('id' => 'dom-' . $name, 'type' => 'http://www.open-xchange.com/aps/types/domain/1.0'));
    $d->context = $c;
    $d->name = $name;
    $d->shared = false;
    return $d;
}

function a_group($c, $name, array $members)
{
    $g = new group();
    $g->aps = obj(array('id' => 'grp-' . $name, 'type' => 'http://www.open-xchange.com/aps/types/group/1.0'));
    $g->context = $c;
    $g->name = $name;
    $g->displayName = ucfirst($name);
    $g->members = $members;
    return $g;
}

function mappings()
{
    return Harness::state()['contexts']['10']['loginMappings'];
}

Harness::test('a domain becomes a login mapping of the context, once', function () {
    $c = ready_context();
    a_domain($c, 'Example.COM.')->provision();
    same(array('example.com'), mappings(), 'mapped (normalised)');
    same(array('OXContextService.getData', 'OXContextService.change'), Harness::trail(), 'read, then write');
    $change = Harness::calls('OXContextService', 'change')[0];
    same(array('id' => 10, 'loginMappings' => array('example.com')), $change['params']['ctx'], 'the whole list, without the context id');
    same(MASTER_LOGIN, $change['auth']['login'], 'master credentials');
    a_domain($c, 'example.org')->provision();
    same(array('example.com', 'example.org'), mappings(), 'both mapped');
    a_domain($c, 'example.org')->provision();
    same(3, count(Harness::calls('OXContextService', 'getData')), 'retry reads');
    same(2, count(Harness::calls('OXContextService', 'change')), 'but writes nothing');
});

Harness::test('removing a domain unmaps it, but not while a user has an address in it', function () {
    $c = ready_context();
    $com = a_domain($c, 'example.com');
    $com->provision();
    a_domain($c, 'example.org')->provision();
    platform_users($c, array(obj(array('login' => 'jane', 'email' => 'jane@example.org', 'aliases' => array('jd@example.com')))));
    throws('OxRefused', '/User jane still has the address jd@example.com/', function () use ($com) {
        $com->unprovision();
    });
    same(array('example.com', 'example.org'), mappings(), 'kept');
    platform_users($c, array(obj(array('login' => 'jane', 'email' => 'jane@example.org', 'aliases' => array()))));
    $com->unprovision();
    same(array('example.org'), mappings(), 'removed');
    $com->unprovision();
    same(3, count(Harness::calls('OXContextService', 'change')), 'two added, one removed: a retried removal writes nothing');
});

Harness::test('a domain of a deleted context is removed without error', function () {
    $c = ready_context();
    $d = a_domain($c, 'example.com');
    $d->provision();
    $c->unprovision();
    $d->unprovision();
    check(strpos(Harness::log(), 'nothing to remove') !== false, 'logged');
});

Harness::test('a domain cannot be renamed', function () {
    $d = a_domain(ready_context(), 'example.com');
    $d->provision();
    $new = clone $d;
    $new->name = 'example.net';
    throws('OxRefused', '/cannot be renamed/', function () use ($d, $new) {
        $d->configure($new);
    });
    $new = clone $d;
    $new->shared = true;
    $d->configure($new);
    same(true, $d->shared, 'other settings change');
});

/** Users jane (3) and max (4) in the context. */
function two_users($c)
{
    a_user($c)->provision();
    a_user($c, array('login' => 'max', 'email' => 'max@example.com', 'aliases' => array()), 'user-2')->provision();
    Harness::edit(function (&$s) {
        $s['calls'] = array();
    });
}

Harness::test('a group is created with its members by login', function () {
    $c = ready_context();
    two_users($c);
    $g = a_group($c, 'sales', array('jane', 'max', 'jane'));
    $g->provision();
    same(array('OXUserService.getData', 'OXUserService.getData', 'OXGroupService.list', 'OXGroupService.create'), Harness::trail(), 'members looked up, then created');
    $create = Harness::calls('OXGroupService', 'create')[0];
    same(array('displayname' => 'Sales', 'members' => array(3, 4), 'name' => 'sales'), $create['params']['grp'], 'group data');
    same('oxadmin', $create['auth']['login'], 'context admin');
    same(2, $g->groupId, 'group id stored');
});

Harness::test('an unknown member is refused before anything is created', function () {
    $c = ready_context();
    two_users($c);
    throws('OxRefused', '/member "nobody" is not a user of this context/', function () use ($c) {
        a_group($c, 'sales', array('jane', 'nobody'))->provision();
    });
    same(array(), Harness::calls('OXGroupService'), 'no group call');
});

Harness::test('group configure changes display name and members', function () {
    $c = ready_context();
    two_users($c);
    $g = a_group($c, 'sales', array('jane'));
    $g->provision();
    $new = clone $g;
    $new->displayName = 'Sales team';
    $new->members = array('max');
    $g->configure($new);
    same(array('displayname' => 'Sales team', 'id' => 2), Harness::calls('OXGroupService', 'change')[0]['params']['grp'], 'renamed');
    same(array(array('id' => 4)), Harness::calls('OXGroupService', 'addMember')[0]['params']['members'], 'max added');
    same(array(array('id' => 3)), Harness::calls('OXGroupService', 'removeMember')[0]['params']['members'], 'jane removed');
    same(array(4), Harness::state()['contexts']['10']['groups']['2']['members'], 'members in OX');
});

Harness::test('group provision retried after a lost reply adopts the group', function () {
    $c = ready_context();
    two_users($c);
    Harness::fault('OXGroupService', 'create', 'StorageException', 1, true);
    throws('OxError', '/OXGroupService\.create failed/', function () use ($c) {
        a_group($c, 'sales', array('jane'))->provision();
    });
    $g = a_group($c, 'sales', array('jane', 'max'));
    $g->provision();
    same(1, count(Harness::state()['contexts']['10']['groups']), 'one group');
    same(array(3, 4), Harness::state()['contexts']['10']['groups']['2']['members'], 'members brought up to date');
    same(2, $g->groupId, 'adopted');
});

Harness::test('group unprovision deletes the group; a retry is fine', function () {
    $c = ready_context();
    two_users($c);
    $g = a_group($c, 'sales', array('jane'));
    $g->provision();
    $g->unprovision();
    same(0, count(Harness::state()['contexts']['10']['groups']), 'deleted');
    $g->unprovision();
    same('NoSuchGroupException', Harness::calls('OXGroupService', 'delete')[1]['fault'], 'already gone');
    no_secrets(array(MASTER_PASSWORD, $c->adminPassword, 'User-Secret-42'));
});

Harness::finish();
