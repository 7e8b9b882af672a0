<?php
/*
 * The application instance of the minimal package. Keep the annotations in step with
 * [types.app] in aps.toml.
 */

require "aps/2/runtime.php";

/**
 * @type("http://www.example.com/aps/types/app/1.0")
 * @implements("http://aps-standard.org/types/core/application/1.0")
 */
class app extends \APS\ResourceBase
{
    /**
     * @type(string)
     * @format(uri)
     * @title("Service URL")
     * @required
     */
    public $url;
}
