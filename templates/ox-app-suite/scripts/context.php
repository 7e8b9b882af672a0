<?php
/*
 * OX App Suite: the context (tenant), one per customer subscription.
 *
 * provision() creates the OX context with OXContextService.createModuleAccessByName, or adopts
 * the context a failed earlier attempt created (same name, same administrator); configure()
 * applies a changed storage limit or name; unprovision() deletes the context; retrieve() reports
 * storage and mailboxes to the platform. The annotations below must stay in step with
 * [types.context] in aps.toml.
 */

require "aps/2/runtime.php";
require_once __DIR__ . "/lib/ox.php";

/**
 * @type("http://www.open-xchange.com/aps/types/context/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class context extends \APS\ResourceBase
{
    /**
     * @link("http://www.open-xchange.com/aps/types/app/1.0")
     * @required
     */
    public $app;

    /**
     * @link("http://aps-standard.org/types/core/subscription/1.0")
     * @required
     */
    public $subscription;

    /**
     * @link("http://aps-standard.org/types/core/account/1.0")
     * @required
     */
    public $account;

    /**
     * @link("http://www.open-xchange.com/aps/types/domain/1.0[]")
     */
    public $domains;

    /**
     * @link("http://www.open-xchange.com/aps/types/user/1.0[]")
     */
    public $users;

    /**
     * @link("http://www.open-xchange.com/aps/types/group/1.0[]")
     */
    public $groups;

    /**
     * @type(integer)
     * @title("OX context id")
     * @readonly
     */
    public $contextId;

    /**
     * @type(string)
     * @title("Context name")
     * @description("Unique in OX; generated from the resource id when empty")
     * @pattern("^[A-Za-z0-9._-]*$")
     */
    public $name;

    /**
     * @type(string)
     * @title("Context admin login")
     * @default("oxadmin")
     */
    public $adminLogin;

    /**
     * @type(string)
     * @title("Context admin password")
     * @description("Generated when empty")
     * @encrypted
     */
    public $adminPassword;

    /**
     * @type("http://aps-standard.org/types/core/resource/1.0#Counter")
     * @unit("unit")
     * @title("Mailboxes")
     * @description("All users of the context")
     */
    public $mailboxes;

    /**
     * @type("http://aps-standard.org/types/core/resource/1.0#Counter")
     * @unit("unit")
     * @title("PIM mailboxes")
     * @description("Users with module access pim_plus")
     */
    public $pimMailboxes;

    /**
     * @type("http://aps-standard.org/types/core/resource/1.0#Counter")
     * @unit("unit")
     * @title("Groupware mailboxes")
     * @description("Users with module access groupware_plus")
     */
    public $groupwareMailboxes;

    /**
     * @type("http://aps-standard.org/types/core/resource/1.0#Counter")
     * @unit("mb")
     * @title("Storage")
     * @description("File storage of the context (OX context quota)")
     */
    public $diskspace;

    /**
     * Creates the OX context of this subscription, or adopts the one an earlier, failed attempt
     * created: OXContextService.list finds it by its name, and the context administrator's
     * credentials must be accepted (OXUserService.getData) before it is taken over.
     */
    public function provision()
    {
        $app = $this->app;
        $soap = OxSoap::forApp($app);
        $master = OxSoap::master($app);
        $this->name = self::nameOf($this);
        $this->adminLogin = (isset($this->adminLogin) && $this->adminLogin !== '') ? $this->adminLogin : 'oxadmin';
        $admin = OxSoap::contextAdmin($this, $app);
        $found = self::findByName($soap, $master, $this->name);
        if ($found === null) {
            try {
                $created = $soap->call('OXContextService', 'createModuleAccessByName', array(
                    'ctx' => array('name' => $this->name, 'maxQuota' => self::quotaOf($this)),
                    'admin_user' => $this->adminUser($admin),
                    'access_combination_name' => self::accessOf($app),
                ), $master);
                $this->contextId = (int) $created->id;
                OxSoap::log("context {$this->contextId} ({$this->name}) created");
            } catch (OxError $e) {
                if ($e->kind !== OxError::EXISTS) {
                    throw $e;
                }
                $found = self::findByName($soap, $master, $this->name);
                if ($found === null) {
                    throw $e;
                }
            }
        }
        if ($found !== null) {
            $this->adopt($soap, $master, $admin, $found);
        }
        $this->adminPassword = $admin['password'];
        $this->mailboxes = OxSoap::withUsage($this->mailboxes, 0);
        $this->pimMailboxes = OxSoap::withUsage($this->pimMailboxes, 0);
        $this->groupwareMailboxes = OxSoap::withUsage($this->groupwareMailboxes, 0);
        $this->diskspace = OxSoap::withUsage($this->diskspace, 0);
    }

    /**
     * Applies a changed name or storage limit (the platform sets the limit from the
     * subscription's resource limits) with one OXContextService.change.
     */
    public function configure($new)
    {
        $ctx = array('id' => (int) $this->contextId);
        $name = self::nameOf($new);
        if ($name !== $this->name) {
            $ctx['name'] = $name;
        }
        if (self::quotaOf($new) !== self::quotaOf($this)) {
            $ctx['maxQuota'] = self::quotaOf($new);
        }
        if (count($ctx) > 1) {
            OxSoap::forApp($this->app)->call('OXContextService', 'change', array('ctx' => $ctx), OxSoap::master($this->app));
            OxSoap::log("context {$this->contextId} changed: " . implode(', ', array_keys($ctx)));
        }
        $this->_copy($new);
        $this->name = $name;
    }

    /**
     * Deletes the OX context with all its users, groups and data (OXContextService.delete). A
     * context that is gone already, or that a failed provisioning created under this
     * resource's name, is handled too, so a retried removal succeeds.
     */
    public function unprovision()
    {
        $soap = OxSoap::forApp($this->app);
        $master = OxSoap::master($this->app);
        $id = (int) $this->contextId;
        if ($id <= 0) {
            $found = self::findByName($soap, $master, self::nameOf($this));
            if ($found === null) {
                OxSoap::log("context " . self::nameOf($this) . " was never created in OX; nothing to delete");
                return;
            }
            $id = (int) $found->id;
        }
        try {
            $soap->call('OXContextService', 'delete', array('ctx' => array('id' => $id)), $master);
            OxSoap::log("context {$id} deleted");
        } catch (OxError $e) {
            if ($e->kind !== OxError::MISSING) {
                throw $e;
            }
            OxSoap::log("context {$id} was deleted in OX already");
        }
    }

    /**
     * Reports usage to the platform: storage used (OXContextService.getData: usedQuota, MB),
     * mailboxes (OXUserService.listAll, without the administrator OXContextService.getAdminId names), and the mailboxes
     * of each paid access level (the users of this context in the platform).
     */
    public function retrieve()
    {
        $soap = OxSoap::forApp($this->app);
        $ctx = array('id' => (int) $this->contextId);
        $data = $soap->call('OXContextService', 'getData', array('ctx' => $ctx), OxSoap::master($this->app));
        $adminId = (int) $soap->call('OXContextService', 'getAdminId', array('ctx' => $ctx), OxSoap::master($this->app));
        $admin = OxSoap::contextAdmin($this, $this->app);
        $users = OxSoap::items($soap->call('OXUserService', 'listAll', array('ctx' => $ctx), $admin));
        $mailboxes = 0;
        foreach ($users as $u) {
            if ((int) $u->id !== $adminId) {
                $mailboxes++;
            }
        }
        $levels = OxSoap::levelCounts($this);
        $this->diskspace = OxSoap::withUsage($this->diskspace, isset($data->usedQuota) ? $data->usedQuota : 0);
        $this->mailboxes = OxSoap::withUsage($this->mailboxes, max(0, $mailboxes));
        $this->pimMailboxes = OxSoap::withUsage($this->pimMailboxes, $levels['pim_plus']);
        $this->groupwareMailboxes = OxSoap::withUsage($this->groupwareMailboxes, $levels['groupware_plus']);
        OxSoap::log("context {$this->contextId}: {$this->diskspace->usage} MB, {$this->mailboxes->usage} mailboxes");
    }

    /** The name of context resource `$c`: its own, or one made from its resource id. */
    private static function nameOf($c)
    {
        $name = isset($c->name) ? trim((string) $c->name) : '';
        if ($name === '') {
            $name = 'aps-' . preg_replace('/[^A-Za-z0-9._-]/', '', (string) $c->aps->id);
        }
        if (!preg_match('/^[A-Za-z0-9._-]+$/', $name)) {
            throw new OxRefused("The context name \"" . OxSoap::redact($name) . "\" may only hold letters, digits, '.', '_' and '-'.");
        }
        return $name;
    }

    /** The OX context quota in MB: the storage limit of the subscription, -1 when unlimited. */
    private static function quotaOf($c)
    {
        return OxSoap::limitOf(isset($c->diskspace) ? $c->diskspace : null, -1);
    }

    private static function accessOf($app)
    {
        return (isset($app->contextAccess) && $app->contextAccess !== '') ? $app->contextAccess : 'groupware_plus';
    }

    /** The context named `$name`, found with OXContextService.list, or null. */
    private static function findByName($soap, $master, $name)
    {
        $list = $soap->call('OXContextService', 'list', array('search_pattern' => $name), $master);
        foreach (OxSoap::items($list) as $ctx) {
            if (isset($ctx->name) && $ctx->name === $name) {
                return $ctx;
            }
        }
        return null;
    }

    /** The OX User object of the context administrator (OX's mandatory fields all set). */
    private function adminUser(array $admin)
    {
        $contact = (isset($this->account->adminContact) && is_object($this->account->adminContact))
            ? $this->account->adminContact : null;
        if ($contact === null || !isset($contact->email) || $contact->email === '') {
            throw new OxRefused("The customer account has no administrator email address; OX needs one for the context administrator.");
        }
        $given = (isset($contact->givenName) && $contact->givenName !== '') ? $contact->givenName : 'Context';
        $sur = (isset($contact->familyName) && $contact->familyName !== '') ? $contact->familyName : 'Administrator';
        return array(
            'name' => $admin['login'],
            'password' => $admin['password'],
            'display_name' => "$given $sur ({$this->name})",
            'given_name' => $given,
            'sur_name' => $sur,
            'primaryEmail' => $contact->email,
            'email1' => $contact->email,
            'language' => (isset($this->app->language) && $this->app->language !== '') ? $this->app->language : 'en_US',
            'timezone' => (isset($this->app->timezone) && $this->app->timezone !== '') ? $this->app->timezone : 'Europe/Berlin',
        );
    }

    /**
     * Takes over context `$found`: only when its administrator accepts this resource's
     * credentials, which proves an earlier attempt of this very resource created it.
     */
    private function adopt($soap, $master, array $admin, $found)
    {
        $ctx = array('id' => (int) $found->id);
        try {
            $soap->call('OXUserService', 'getData', array('ctx' => $ctx, 'user' => array('name' => $admin['login'])), $admin);
        } catch (OxError $e) {
            if ($e->kind === OxError::CREDENTIALS || $e->kind === OxError::MISSING) {
                throw new OxRefused("An OX context named \"{$this->name}\" exists already and was not created for this "
                    . "subscription (its administrator does not accept this subscription's credentials). "
                    . "Give the context another name, or remove the old context in OX.");
            }
            throw $e;
        }
        $this->contextId = (int) $found->id;
        $quota = self::quotaOf($this);
        if (!isset($found->maxQuota) || (int) $found->maxQuota !== $quota) {
            $soap->call('OXContextService', 'change', array('ctx' => array('id' => $this->contextId, 'maxQuota' => $quota)), $master);
        }
        OxSoap::log("context {$this->contextId} ({$this->name}) existed from an earlier attempt and was adopted");
    }
}
