<?php
/*
 * OX App Suite: a mail domain of a context.
 *
 * provision() adds the domain to the context's login mappings (OXContextService.getData, then
 * change), so users log in as user@domain; unprovision() removes it again, but not while a user
 * of the context still has an address in it. Both are idempotent: a mapping that is there
 * already, or gone already, is not an error. The annotations below must stay in step with
 * [types.domain] in aps.toml.
 */

require "aps/2/runtime.php";
require_once __DIR__ . "/lib/ox.php";

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
     * @final
     */
    public $name;

    /**
     * @type(boolean)
     * @title("Shared domain")
     * @description("Owned by the provider and shared by several contexts")
     * @default(false)
     */
    public $shared;

    /** Adds the domain to the context's login mappings. */
    public function provision()
    {
        $name = self::nameOf($this);
        $mappings = $this->mappings();
        if (in_array($name, $mappings, true)) {
            OxSoap::log("domain {$name} is a login mapping of context {$this->context->contextId} already");
            return;
        }
        $mappings[] = $name;
        $this->save($mappings);
        OxSoap::log("domain {$name} added to context {$this->context->contextId}");
    }

    /** The name is final; only the `shared` flag may change, and OX does not store it. */
    public function configure($new)
    {
        if (isset($new->name) && strtolower($new->name) !== strtolower($this->name)) {
            throw new OxRefused("A domain cannot be renamed; remove it and add the new one.");
        }
        $this->_copy($new);
    }

    /**
     * Removes the domain from the login mappings, unless a user of the context still has an
     * address in it.
     */
    public function unprovision()
    {
        $name = self::nameOf($this);
        $apsc = \APS\Request::getController();
        $users = $apsc->getResources('implementing(http://www.open-xchange.com/aps/types/user/1.0)',
            '/aps/2/resources/' . $this->context->aps->id . '/users');
        foreach (OxSoap::items($users) as $u) {
            $addresses = array_merge(array(isset($u->email) ? $u->email : ''), OxSoap::items(isset($u->aliases) ? $u->aliases : null));
            foreach ($addresses as $a) {
                if (strtolower(substr(strrchr((string) $a, '@'), 1)) === $name) {
                    throw new OxRefused("User " . OxSoap::redact($u->login) . " still has the address "
                        . OxSoap::redact($a) . "; change or remove it before removing {$name}.");
                }
            }
        }
        try {
            $mappings = $this->mappings();
        } catch (OxError $e) {
            if ($e->kind === OxError::MISSING) {
                OxSoap::log("context of domain {$name} is gone in OX; nothing to remove");
                return;
            }
            throw $e;
        }
        if (!in_array($name, $mappings, true)) {
            OxSoap::log("domain {$name} is not a login mapping of context {$this->context->contextId}; nothing to remove");
            return;
        }
        $this->save(array_values(array_diff($mappings, array($name))));
        OxSoap::log("domain {$name} removed from context {$this->context->contextId}");
    }

    private static function nameOf($d)
    {
        return strtolower(rtrim(trim((string) $d->name), '.'));
    }

    /** The context's login mappings without the context id OX maps by itself. */
    private function mappings()
    {
        $data = OxSoap::forApp($this->context->app)->call('OXContextService', 'getData',
            array('ctx' => array('id' => (int) $this->context->contextId)), OxSoap::master($this->context->app));
        $id = (string) (int) $this->context->contextId;
        $out = array();
        foreach (OxSoap::items(isset($data->loginMappings) ? $data->loginMappings : null) as $m) {
            if ((string) $m !== $id) {
                $out[] = strtolower((string) $m);
            }
        }
        return $out;
    }

    /** Writes the whole list of login mappings (OX replaces the mappings it is given). */
    private function save(array $mappings)
    {
        OxSoap::forApp($this->context->app)->call('OXContextService', 'change', array('ctx' => array(
            'id' => (int) $this->context->contextId,
            'loginMappings' => array_values($mappings),
        )), OxSoap::master($this->context->app));
    }
}
