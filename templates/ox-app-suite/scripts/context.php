<?php
/*
 * OX App Suite: the context (tenant), one per customer subscription.
 *
 * Stub for release engineers. The annotations below must stay in step with [types.context] in
 * aps.toml. Every OX call is described in the method comments; none is made.
 */

require "aps/2/runtime.php";

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
     * @link("http://www.open-xchange.com/aps/types/list/1.0[]")
     */
    public $lists;

    /**
     * @type(integer)
     * @title("OX context id")
     * @readonly
     */
    public $contextId;

    /**
     * @type(string)
     * @title("Context name")
     * @pattern("^[A-Za-z0-9._-]+$")
     * @required
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
     * @encrypted
     */
    public $adminPassword;

    /**
     * @type("http://aps-standard.org/types/core/resource/1.0#Counter")
     * @unit("mb")
     * @title("Storage quota")
     * @description("Mail and file storage of the context")
     */
    public $quota;

    /**
     * @type("http://aps-standard.org/types/core/resource/1.0#Counter")
     * @unit("unit")
     * @title("Mailboxes")
     */
    public $mailboxes;

    /**
     * @type(string)
     * @title("Module access")
     * @enum("webmail_plus","pim_plus","groupware_plus")
     * @enumTitles("Webmail","PIM","Groupware")
     * @default("webmail_plus")
     */
    public $accessLevel;

    /**
     * @type("Limits")
     * @title("Attachment limits")
     */
    public $limits;

    /**
     * Creates the OX context.
     *
     * Would call OXContextService.createModuleAccessByName(ctx, admin_user, access, auth) on
     * $this->app->soapUrl . "OXContextService" with
     *   ctx        = { name: $this->name, maxQuota: $this->quota->limit }
     *   admin_user = { name: $this->adminLogin, password: $this->adminPassword,
     *                  display_name, given_name, sur_name, primaryEmail: from $this->account }
     *   access     = $this->accessLevel (an OX access combination name)
     *   auth       = { login: $this->app->masterLogin, password: $this->app->masterPassword }
     * and store the returned context id in $this->contextId.
     */
    public function provision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Applies changed limits and access level.
     *
     * Would call OXContextService.change(ctx, auth) with ctx = { id: $this->contextId,
     * maxQuota: $new->quota->limit } and, when the access level changed,
     * OXContextService.changeModuleAccessByName(ctx, $new->accessLevel, auth).
     */
    public function configure($new)
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Removes the OX context with all its users and data.
     *
     * Would call OXContextService.delete(ctx, auth) with ctx = { id: $this->contextId }.
     */
    public function unprovision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Sets a new password for one user of this context (called from the customer panel).
     *
     * Would call OXUserService.change(ctx, usrdata, auth) with ctx = { id: $this->contextId },
     * usrdata = { name: <the user's login>, password: $password } and the context admin as auth.
     *
     * @verb(POST)
     * @path("/users/{userId}/password-reset")
     * @access(owner, true)
     * @param(string,path)
     * @param(string,body)
     */
    public function resetUserPassword($userId, $password)
    {
        // Stub: no SOAP call is made here.
    }
}

/**
 * Attachment limits applied to new users of the context.
 */
class Limits
{
    /**
     * @type(integer)
     * @title("All attachments of a message (MB)")
     * @default(100)
     */
    public $maxAttachmentsMb;

    /**
     * @type(integer)
     * @title("One attachment (MB)")
     * @default(10)
     */
    public $maxAttachmentMb;
}
