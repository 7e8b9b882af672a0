<?php
/*
 * OX App Suite: a mail domain of a context.
 *
 * Stub for release engineers. The annotations below must stay in step with [types.domain] in
 * aps.toml. Every OX call is described in the method comments; none is made.
 */

require "aps/2/runtime.php";

/**
 * @type("http://www.open-xchange.com/aps/types/domain/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class domain extends \APS\ResourceBase
{
    /**
     * @link("http://www.open-xchange.com/aps/types/context/1.0")
     * @required
     */
    public $context;

    /**
     * @link("http://aps-standard.org/types/dns/domain/1.0")
     */
    public $dnsDomain;

    /**
     * @type(string)
     * @format(host-name)
     * @title("Domain name")
     * @required
     */
    public $name;

    /**
     * @type(boolean)
     * @title("Shared domain")
     * @description("Owned by the provider and shared by several contexts")
     * @default(false)
     */
    public $shared;

    /**
     * Adds the domain to the context.
     *
     * Would read the context with OXContextService.getData(ctx, auth), append $this->name to
     * its login mappings (ctx.loginMappings) and write it back with
     * OXContextService.change(ctx, auth), so users can log in as user@domain.
     */
    public function provision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * A domain is renamed by removing it and adding the new name (unprovision + provision).
     */
    public function configure($new)
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Removes the domain from the context's login mappings with OXContextService.change.
     */
    public function unprovision()
    {
        // Stub: no SOAP call is made here.
    }
}
