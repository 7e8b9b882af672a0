<?php
/*
 * OX App Suite: the application instance.
 *
 * One instance per OX installation. It stores where the OX provisioning SOAP services live and
 * the master admin credentials that the context, user, domain and list services use.
 *
 * This file is a stub for release engineers: the annotations below must stay in step with
 * [types.app] in aps.toml (apspack generates schemas/app.schema from aps.toml, not from here).
 */

require "aps/2/runtime.php";

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
     */
    public $frontendUrl;

    /**
     * Called when the provider creates the application instance.
     *
     * Would check the connection: OXUtilService.listServer(auth) on $this->soapUrl with
     * auth = { login: $this->masterLogin, password: $this->masterPassword }, and fail the
     * instance creation when the server list cannot be read.
     */
    public function provision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Called when the provider changes the instance settings.
     *
     * Would repeat the connection check of provision() with the new URL and credentials.
     */
    public function configure($new = null)
    {
        // Stub: the new settings are stored by the platform; nothing to propagate to OX.
    }

    /**
     * Called when the instance is removed. Contexts are removed first by the platform (they
     * require this instance), so there is nothing left in OX to delete.
     */
    public function unprovision()
    {
        // Stub: nothing to do.
    }
}
