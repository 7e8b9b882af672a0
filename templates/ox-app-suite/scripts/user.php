<?php
/*
 * OX App Suite: one user of a context, bound to a platform service user, with webmail on the
 * platform's mail hosting (the IMAP and SMTP servers of the application instance).
 *
 * provision() creates the OX user with OXUserService.createByModuleAccessName, or updates the
 * user a failed earlier attempt created; configure() applies changed fields and module access;
 * unprovision() deletes the user; retrieve() reports the storage used. The module access a user
 * may have is limited by the context's counters, whose limits the subscription sets. The
 * annotations below must stay in step with [types.user] in aps.toml.
 */

require "aps/2/runtime.php";
require_once __DIR__ . "/lib/ox.php";

/**
 * @type("http://www.open-xchange.com/aps/types/user/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class user extends \APS\ResourceBase
{
    /**
     * @link("http://www.open-xchange.com/aps/types/context/1.0")
     * @required
     */
    public $context;

    /**
     * @link("http://aps-standard.org/types/core/service-user/1.0")
     * @required
     */
    public $serviceUser;

    /**
     * @type(integer)
     * @title("OX user id")
     * @readonly
     */
    public $userId;

    /**
     * @type(string)
     * @title("Login")
     * @pattern("^[A-Za-z0-9._@-]+$")
     * @required
     */
    public $login;

    /**
     * @type(string)
     * @format(email)
     * @title("Primary email address")
     * @required
     */
    public $email;

    /**
     * @type(string)
     * @title("Given name")
     * @required
     */
    public $givenName;

    /**
     * @type(string)
     * @title("Surname")
     * @required
     */
    public $surname;

    /**
     * @type(string)
     * @title("Display name")
     * @description("Given name and surname when empty")
     */
    public $displayName;

    /**
     * @type(string)
     * @title("Password")
     * @encrypted
     */
    public $password;

    /**
     * @type(string)
     * @title("Language")
     * @description("The application's default when empty")
     * @pattern("^([a-z]{2}_[A-Z]{2})?$")
     */
    public $language;

    /**
     * @type(string)
     * @title("Time zone")
     * @description("The application's default when empty")
     */
    public $timezone;

    /**
     * @type("string[]")
     * @title("Email aliases")
     */
    public $aliases;

    /**
     * @type(string)
     * @title("Module access")
     * @description("Limited by the context's counters, which the subscription sets")
     * @enum("webmail_plus","pim_plus","groupware_plus")
     * @enumTitles("Webmail","PIM","Groupware")
     * @default("webmail_plus")
     */
    public $accessLevel;

    /**
     * @type(integer)
     * @title("Storage used (MB)")
     * @readonly
     */
    public $usedStorageMb;

    /**
     * @type(string)
     * @format(uri)
     * @title("OX App Suite login")
     * @readonly
     */
    public $loginUrl;

    /**
     * Creates the OX user, or (when an earlier, failed attempt created it already) brings the
     * existing user up to date with OXUserService.change and changeByModuleAccessName.
     */
    public function provision()
    {
        $level = self::levelOf($this);
        self::checkEntitlement($this->context, $level, $this->aps->id);
        $soap = $this->soap();
        $admin = $this->admin();
        $ctx = $this->ctx();
        if (!isset($this->password) || $this->password === '') {
            $this->password = OxSoap::derivedPassword(bin2hex(random_bytes(16)), 'user:' . $this->login);
            OxSoap::log("user {$this->login}: no password given, a random one was set (reset it from the panel)");
        }
        OxSoap::secret($this->password);
        $existing = $this->find($soap, $admin);
        if ($existing === null) {
            $data = $this->userData($this);
            $data['password'] = $this->password;
            try {
                $created = $soap->call('OXUserService', 'createByModuleAccessName',
                    array('ctx' => $ctx, 'usrdata' => $data, 'access_combination_name' => $level), $admin);
                $this->userId = (int) $created->id;
                OxSoap::log("user {$this->login} created in context {$this->context->contextId} as {$this->userId}");
            } catch (OxError $e) {
                if ($e->kind !== OxError::EXISTS) {
                    throw $e;
                }
                $existing = $this->find($soap, $admin);
                if ($existing === null) {
                    throw $e;
                }
            }
        }
        if ($existing !== null) {
            $this->userId = (int) $existing->id;
            $data = $this->userData($this);
            $data['id'] = $this->userId;
            $data['password'] = $this->password;
            $soap->call('OXUserService', 'change', array('ctx' => $ctx, 'usrdata' => $data), $admin);
            $soap->call('OXUserService', 'changeByModuleAccessName',
                array('ctx' => $ctx, 'user' => array('id' => $this->userId), 'access_combination_name' => $level), $admin);
            OxSoap::log("user {$this->login} existed in context {$this->context->contextId} from an earlier attempt and was updated");
        }
        $this->usedStorageMb = 0;
        $this->loginUrl = $this->loginUrlOf();
    }

    /**
     * Applies changed names, addresses, language, time zone and aliases (OXUserService.change)
     * and a changed module access (OXUserService.changeByModuleAccessName), the latter only
     * within the context's limits.
     */
    public function configure($new)
    {
        $soap = $this->soap();
        $admin = $this->admin();
        $ctx = $this->ctx();
        if (isset($new->login) && $new->login !== $this->login) {
            throw new OxRefused("The login of an OX user cannot change; create a new user instead.");
        }
        $old = $this->userData($this);
        $next = $this->userData($new);
        $changed = array('id' => (int) $this->userId);
        foreach ($next as $key => $value) {
            if (!array_key_exists($key, $old) || $old[$key] !== $value) {
                $changed[$key] = $value;
            }
        }
        if (count($changed) > 1) {
            $soap->call('OXUserService', 'change', array('ctx' => $ctx, 'usrdata' => $changed), $admin);
            OxSoap::log("user {$this->login} changed: " . implode(', ', array_keys($changed)));
        }
        $level = self::levelOf($new);
        if ($level !== self::levelOf($this)) {
            self::checkEntitlement($this->context, $level, $this->aps->id);
            $soap->call('OXUserService', 'changeByModuleAccessName',
                array('ctx' => $ctx, 'user' => array('id' => (int) $this->userId), 'access_combination_name' => $level), $admin);
            OxSoap::log("user {$this->login} now has module access {$level}");
        }
        $this->_copy($new);
    }

    /** Deletes the OX user and its data; a user that is gone already is not an error. */
    public function unprovision()
    {
        $soap = $this->soap();
        $admin = $this->admin();
        $id = (int) $this->userId;
        if ($id <= 0) {
            $existing = $this->find($soap, $admin);
            if ($existing === null) {
                OxSoap::log("user {$this->login} was never created in OX; nothing to delete");
                return;
            }
            $id = (int) $existing->id;
        }
        try {
            $soap->call('OXUserService', 'delete', array('ctx' => $this->ctx(), 'user' => array('id' => $id)), $admin);
            OxSoap::log("user {$this->login} ({$id}) deleted");
        } catch (OxError $e) {
            if ($e->kind !== OxError::MISSING) {
                throw $e;
            }
            OxSoap::log("user {$this->login} ({$id}) was deleted in OX already");
        }
    }

    /** Reports the storage the user uses (OXUserService.getData: usedQuota). */
    public function retrieve()
    {
        $usage = $this->usage();
        $this->usedStorageMb = $usage->usedMb;
    }

    /**
     * Storage used by the user and its quota, live from OX.
     *
     * @verb(GET)
     * @path("/usage")
     * @access(owner, true)
     * @access(referrer, true)
     * @return("Usage", "text/json")
     */
    public function usage()
    {
        $data = $this->soap()->call('OXUserService', 'getData',
            array('ctx' => $this->ctx(), 'user' => array('id' => (int) $this->userId)), $this->admin());
        $usage = new Usage();
        $usage->usedMb = isset($data->usedQuota) ? (int) $data->usedQuota : 0;
        $usage->quotaMb = isset($data->maxQuota) ? (int) $data->maxQuota : -1;
        return $usage;
    }

    /**
     * Sets a new password (from the customer's user list or the user's own panel).
     *
     * @verb(POST)
     * @path("/password-reset")
     * @access(owner, true)
     * @access(referrer, true)
     * @param(string,body)
     */
    public function resetPassword($password)
    {
        $password = is_string($password) ? $password : '';
        OxSoap::secret($password);
        if (strlen($password) < 8) {
            throw new OxRefused("The new password must have at least 8 characters.");
        }
        $this->soap()->call('OXUserService', 'change', array('ctx' => $this->ctx(),
            'usrdata' => array('id' => (int) $this->userId, 'password' => $password)), $this->admin());
        $this->password = $password;
        OxSoap::log("user {$this->login}: password changed");
    }

    /**
     * Refuses module access `$level` when the context has used up what the subscription
     * allows: all mailboxes (counter `mailboxes`, unlimited without a limit), and for pim_plus
     * and groupware_plus their own counters (none without a limit).
     */
    public static function checkEntitlement($context, $level, $self)
    {
        $counts = OxSoap::levelCounts($context, $self);
        $total = array_sum($counts);
        $all = OxSoap::limitOf(isset($context->mailboxes) ? $context->mailboxes : null, null);
        if ($all !== null && $total + 1 > $all) {
            throw new OxRefused("The subscription includes {$all} mailbox(es), all in use.");
        }
        $paid = array('pim_plus' => array('pimMailboxes', 'PIM'), 'groupware_plus' => array('groupwareMailboxes', 'Groupware'));
        if (isset($paid[$level])) {
            list($counter, $title) = $paid[$level];
            $limit = OxSoap::limitOf(isset($context->$counter) ? $context->$counter : null, 0);
            if ($counts[$level] + 1 > $limit) {
                throw new OxRefused("The subscription includes {$limit} {$title} mailbox(es)"
                    . ($limit > 0 ? ", all in use" : "") . "; upgrade the subscription for more.");
            }
        }
    }

    private static function levelOf($u)
    {
        $level = (isset($u->accessLevel) && $u->accessLevel !== '') ? $u->accessLevel : 'webmail_plus';
        if (!in_array($level, array('webmail_plus', 'pim_plus', 'groupware_plus'), true)) {
            throw new OxRefused("Unknown module access \"" . OxSoap::redact($level) . "\".");
        }
        return $level;
    }

    /** The OX User fields this package manages, from user resource `$u`. */
    private function userData($u)
    {
        $app = $this->context->app;
        $given = isset($u->givenName) ? (string) $u->givenName : '';
        $sur = isset($u->surname) ? (string) $u->surname : '';
        $display = (isset($u->displayName) && $u->displayName !== '') ? (string) $u->displayName : trim("$given $sur");
        $email = isset($u->email) ? (string) $u->email : '';
        $aliases = array_values(array_unique(array_merge(array($email), array_map('strval', OxSoap::items(isset($u->aliases) ? $u->aliases : null)))));
        return array(
            'name' => (string) $u->login,
            'display_name' => $display,
            'given_name' => $given,
            'sur_name' => $sur,
            'primaryEmail' => $email,
            'email1' => $email,
            'defaultSenderAddress' => $email,
            'aliases' => $aliases,
            'language' => (isset($u->language) && $u->language !== '') ? (string) $u->language : (string) $app->language,
            'timezone' => (isset($u->timezone) && $u->timezone !== '') ? (string) $u->timezone : (string) $app->timezone,
            'imapServer' => (string) $app->imapServer,
            'imapLogin' => $email,
            'smtpServer' => (string) $app->smtpServer,
            'mailenabled' => true,
        );
    }

    /** The user named like this resource's login, or null (OXUserService.getData). */
    private function find($soap, array $admin)
    {
        try {
            return $soap->call('OXUserService', 'getData', array('ctx' => $this->ctx(), 'user' => array('name' => $this->login)), $admin);
        } catch (OxError $e) {
            if ($e->kind === OxError::MISSING) {
                return null;
            }
            throw $e;
        }
    }

    private function loginUrlOf()
    {
        return rtrim((string) $this->context->app->frontendUrl, '/') . '/';
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
        if (!isset($this->context->contextId) || (int) $this->context->contextId <= 0) {
            throw new OxRefused("The OX context of this subscription is not ready yet; try again when it is.");
        }
        return array('id' => (int) $this->context->contextId);
    }
}

/**
 * Storage used by the user, as OX reports it.
 */
class Usage
{
    /**
     * @type(integer)
     * @title("Used (MB)")
     */
    public $usedMb;

    /**
     * @type(integer)
     * @title("Quota (MB)")
     */
    public $quotaMb;
}
