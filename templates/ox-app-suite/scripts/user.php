<?php
/*
 * OX App Suite: a webmail user, bound to a platform service user.
 *
 * Stub for release engineers. The annotations below must stay in step with [types.user] in
 * aps.toml. Every OX call is described in the method comments; none is made.
 */

require "aps/2/runtime.php";

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
     * @type(string)
     * @title("Login")
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
     * @title("Display name")
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
     * @title("Module access")
     * @enum("webmail_plus","pim_plus","groupware_plus")
     * @enumTitles("Webmail","PIM","Groupware")
     * @default("webmail_plus")
     */
    public $accessLevel;

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

    /**
     * @type(integer)
     * @title("Mailbox quota (MB)")
     * @default(1024)
     */
    public $quota;

    /**
     * Creates the OX user.
     *
     * Would call OXUserService.createByModuleAccessName(ctx, usrdata, access, auth) on
     * $this->context->app->soapUrl . "OXUserService" with
     *   ctx     = { id: $this->context->contextId }
     *   usrdata = { name: $this->login, password: $this->password,
     *               display_name: $this->displayName, primaryEmail: $this->email,
     *               email1: $this->email, defaultSenderAddress: $this->email,
     *               maxQuota: $this->quota }
     *   access  = $this->accessLevel
     *   auth    = the context admin (adminLogin / adminPassword of the context)
     * The attachment limits go into the user's configuration attributes.
     */
    public function provision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Applies changed settings.
     *
     * Would call OXUserService.change(ctx, usrdata, auth) with the changed fields of $new and,
     * when the access level changed, OXUserService.changeByModuleAccessName(ctx, usrdata,
     * $new->accessLevel, auth).
     */
    public function configure($new)
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Removes the OX user and the mailbox.
     *
     * Would call OXUserService.delete(ctx, usrdata, auth) with usrdata = { name: $this->login }.
     */
    public function unprovision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Storage used by the user.
     *
     * Would call OXUserService.getData(ctx, usrdata, auth) and return
     * { usedMb: usedQuota, quotaMb: maxQuota } from the answer.
     *
     * @verb(GET)
     * @path("/usage")
     * @return("Usage", "text/json")
     */
    public function usage()
    {
        // Stub: reports nothing used until the SOAP call above is written.
        $usage = new Usage();
        $usage->usedMb = 0;
        $usage->quotaMb = $this->quota;
        return $usage;
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
