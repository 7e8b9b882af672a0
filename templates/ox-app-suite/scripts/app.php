<?php
/*
 * OX App Suite: the application instance.
 *
 * One instance per OX installation. It stores where the OX provisioning SOAP services live, the
 * master admin credentials, and the platform's mail hosting (IMAP and SMTP) that every user's
 * webmail uses. The annotations below must stay in step with [types.app] in aps.toml (apspack
 * generates schemas/app.schema from aps.toml, not from here).
 */

require "aps/2/runtime.php";
require_once __DIR__ . "/lib/ox.php";

/**
 * @type("http://www.open-xchange.com/aps/types/app/1.0")
 * @implements("http://aps-standard.org/types/core/application/1.0")
 */
class app extends \APS\ResourceBase
{
    /**
     * @link("http://www.open-xchange.com/aps/types/context/1.0[]")
     */
    public $contexts;

    /**
     * @type(string)
     * @format(uri)
     * @title("OX SOAP admin URL")
     * @description("Base URL of the OX provisioning SOAP services, e.g. https://ox.example.com/webservices/")
     * @required
     */
    public $soapUrl;

    /**
     * @type(string)
     * @title("Master admin login")
     * @default("oxadminmaster")
     * @required
     */
    public $masterLogin;

    /**
     * @type(string)
     * @title("Master admin password")
     * @encrypted
     * @required
     */
    public $masterPassword;

    /**
     * @type(string)
     * @format(uri)
     * @title("OX App Suite URL")
     * @description("Where users log in, e.g. https://ox.example.com/appsuite/")
     * @required
     */
    public $frontendUrl;

    /**
     * @type(string)
     * @title("IMAP server")
     * @description("The platform's mail hosting as OX reaches it, e.g. imaps://mail.example.com:993")
     * @required
     */
    public $imapServer;

    /**
     * @type(string)
     * @title("SMTP server")
     * @description("The platform's mail hosting as OX reaches it, e.g. smtps://mail.example.com:465")
     * @required
     */
    public $smtpServer;

    /**
     * @type(string)
     * @title("Access combination of new contexts")
     * @description("OX module access combination of each context's administrator")
     * @default("groupware_plus")
     */
    public $contextAccess;

    /**
     * @type(string)
     * @title("Default language")
     * @description("Language of new users unless the user sets one")
     * @pattern("^[a-z]{2}_[A-Z]{2}$")
     * @default("en_US")
     */
    public $language;

    /**
     * @type(string)
     * @title("Default time zone")
     * @description("Time zone of new users unless the user sets one")
     * @default("Europe/Berlin")
     */
    public $timezone;

    /**
     * Called when the provider creates the application instance: checks that the OX SOAP
     * services answer and accept the master credentials (OXUtilService.listServer), so a wrong
     * URL or password fails here and not at the first customer's order.
     */
    public function provision()
    {
        self::checkConnection($this);
        OxSoap::log("application instance connected to " . $this->soapUrl);
    }

    /**
     * Called when the provider changes the settings: the new URL and credentials are checked
     * the same way before they are stored.
     */
    public function configure($new)
    {
        self::checkConnection($new);
        $this->_copy($new);
    }

    /**
     * The platform removes the contexts (which require this instance) first; OX keeps nothing
     * of the instance itself. An instance that still has contexts is not removed, so no OX
     * context is left without the credentials that manage it.
     */
    public function unprovision()
    {
        $left = OxSoap::items($this->contexts);
        if (count($left) > 0) {
            throw new OxRefused("This OX App Suite instance still serves " . count($left)
                . " context(s); remove their subscriptions first.");
        }
        OxSoap::log("application instance removed; no context left in OX");
    }

    private static function checkConnection($app)
    {
        foreach (array('soapUrl', 'masterLogin', 'masterPassword', 'frontendUrl', 'imapServer', 'smtpServer') as $key) {
            if (!isset($app->$key) || trim((string) $app->$key) === '') {
                throw new OxRefused("The application instance needs \"{$key}\"; see the deployment guide.");
            }
        }
        $servers = OxSoap::forApp($app)->call('OXUtilService', 'listServer', array('search_pattern' => '*'), OxSoap::master($app));
        if (count(OxSoap::items($servers)) === 0) {
            throw new OxRefused("OX at " . $app->soapUrl . " lists no server; finish the OX installation "
                . "(registerserver) before creating the application instance.");
        }
    }
}
