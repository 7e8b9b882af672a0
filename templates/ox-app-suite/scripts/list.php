<?php
/*
 * OX App Suite: a distribution list of a context.
 *
 * Stub for release engineers. The annotations below must stay in step with [types.list] in
 * aps.toml. The PHP class cannot be called `list` (a reserved word in PHP); the service and the
 * schema keep the name `list`, the runtime binds the class by its @type annotation.
 */

require "aps/2/runtime.php";

/**
 * @type("http://www.open-xchange.com/aps/types/list/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class distributionList extends \APS\ResourceBase
{
    /**
     * @link("http://www.open-xchange.com/aps/types/context/1.0")
     * @required
     */
    public $context;

    /**
     * @type(string)
     * @title("List name")
     * @required
     */
    public $name;

    /**
     * @type(string)
     * @format(email)
     * @title("List address")
     * @required
     */
    public $address;

    /**
     * @type("string[]")
     * @title("Member addresses")
     */
    public $members;

    /**
     * Creates the list.
     *
     * Would create an OX group with OXGroupService.create(ctx, grp, auth), grp = { name:
     * $this->name, displayname: $this->name }, add the members' user ids with
     * OXGroupService.addMember, and register $this->address as the list's mail address with
     * the mail system that serves the context.
     */
    public function provision()
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Applies a changed member list with OXGroupService.addMember / removeMember.
     */
    public function configure($new)
    {
        // Stub: no SOAP call is made here.
    }

    /**
     * Removes the group with OXGroupService.delete(ctx, grp, auth).
     */
    public function unprovision()
    {
        // Stub: no SOAP call is made here.
    }
}
