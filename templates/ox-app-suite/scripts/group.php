<?php
/*
 * OX App Suite: a group of users of a context (OXGroupService).
 *
 * provision() creates the group with its members (OXGroupService.create), or adopts the group of
 * the same name a failed earlier attempt created and brings its members up to date; configure()
 * applies a changed display name (change) and member list (addMember, removeMember);
 * unprovision() deletes the group. Members are given by login and looked up with
 * OXUserService.getData. The annotations below must stay in step with [types.group] in aps.toml.
 */

require "aps/2/runtime.php";
require_once __DIR__ . "/lib/ox.php";

/**
 * @type("http://www.open-xchange.com/aps/types/group/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class group extends \APS\ResourceBase
{
    /**
     * @link("http://www.open-xchange.com/aps/types/context/1.0")
     * @required
     */
    public $context;

    /**
     * @type(integer)
     * @title("OX group id")
     * @readonly
     */
    public $groupId;

    /**
     * @type(string)
     * @title("Group name")
     * @pattern("^[A-Za-z0-9._-]+$")
     * @required
     * @final
     */
    public $name;

    /**
     * @type(string)
     * @title("Display name")
     * @required
     */
    public $displayName;

    /**
     * @type("string[]")
     * @title("Members")
     * @description("Logins of the context's users")
     */
    public $members;

    /** Creates the group, or adopts the one an earlier attempt created. */
    public function provision()
    {
        $soap = $this->soap();
        $admin = $this->admin();
        $ids = $this->memberIds($this->members);
        $existing = null;
        foreach (OxSoap::items($soap->call('OXGroupService', 'list', array('ctx' => $this->ctx(), 'pattern' => $this->name), $admin)) as $g) {
            if (isset($g->name) && $g->name === $this->name) {
                $existing = $g;
            }
        }
        if ($existing === null) {
            $created = $soap->call('OXGroupService', 'create', array('ctx' => $this->ctx(), 'grp' => array(
                'name' => $this->name,
                'displayname' => $this->displayName,
                'members' => array_values($ids),
            )), $admin);
            $this->groupId = (int) $created->id;
            OxSoap::log("group {$this->name} created as {$this->groupId}");
            return;
        }
        $this->groupId = (int) $existing->id;
        $soap->call('OXGroupService', 'change', array('ctx' => $this->ctx(),
            'grp' => array('id' => $this->groupId, 'displayname' => $this->displayName)), $admin);
        $this->sync($soap, $admin, OxSoap::items(isset($existing->members) ? $existing->members : null), $ids);
        OxSoap::log("group {$this->name} existed from an earlier attempt and was adopted");
    }

    /** Applies a changed display name and member list. */
    public function configure($new)
    {
        $soap = $this->soap();
        $admin = $this->admin();
        if (isset($new->displayName) && $new->displayName !== $this->displayName) {
            $soap->call('OXGroupService', 'change', array('ctx' => $this->ctx(),
                'grp' => array('id' => (int) $this->groupId, 'displayname' => $new->displayName)), $admin);
        }
        $old = $this->memberIds($this->members);
        $next = $this->memberIds(isset($new->members) ? $new->members : null);
        $this->sync($soap, $admin, array_values($old), $next);
        $this->_copy($new);
    }

    /** Deletes the group; a group that is gone already is not an error. */
    public function unprovision()
    {
        if ((int) $this->groupId <= 0) {
            OxSoap::log("group {$this->name} was never created in OX; nothing to delete");
            return;
        }
        try {
            $this->soap()->call('OXGroupService', 'delete', array('ctx' => $this->ctx(),
                'grp' => array('id' => (int) $this->groupId)), $this->admin());
            OxSoap::log("group {$this->name} ({$this->groupId}) deleted");
        } catch (OxError $e) {
            if ($e->kind !== OxError::MISSING) {
                throw $e;
            }
            OxSoap::log("group {$this->name} ({$this->groupId}) was deleted in OX already");
        }
    }

    /** Adds and removes members so that the group holds exactly `$want` (OX user ids). */
    private function sync($soap, array $admin, array $have, array $want)
    {
        $have = array_map('intval', $have);
        $want = array_map('intval', array_values($want));
        $add = array_values(array_diff($want, $have));
        $remove = array_values(array_diff($have, $want));
        $grp = array('id' => (int) $this->groupId);
        if ($add) {
            $soap->call('OXGroupService', 'addMember', array('ctx' => $this->ctx(), 'grp' => $grp,
                'members' => array_map(function ($id) { return array('id' => $id); }, $add)), $admin);
        }
        if ($remove) {
            $soap->call('OXGroupService', 'removeMember', array('ctx' => $this->ctx(), 'grp' => $grp,
                'members' => array_map(function ($id) { return array('id' => $id); }, $remove)), $admin);
        }
    }

    /** OX user ids of the logins `$members`, by login. */
    private function memberIds($members)
    {
        $ids = array();
        foreach (OxSoap::items($members) as $login) {
            $login = (string) $login;
            if ($login === '' || isset($ids[$login])) {
                continue;
            }
            try {
                $u = $this->soap()->call('OXUserService', 'getData', array('ctx' => $this->ctx(),
                    'user' => array('name' => $login)), $this->admin());
            } catch (OxError $e) {
                if ($e->kind === OxError::MISSING) {
                    throw new OxRefused("The group member \"" . OxSoap::redact($login) . "\" is not a user of this context.");
                }
                throw $e;
            }
            $ids[$login] = (int) $u->id;
        }
        return $ids;
    }

    private function soap()
    {
        return OxSoap::forApp($this->context->app);
    }

    private function admin()
    {
        return OxSoap::contextAdmin($this->context, $this->context->app);
    }

    private function ctx()
    {
        return array('id' => (int) $this->context->contextId);
    }
}
