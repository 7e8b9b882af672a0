<?php
require "aps/2/runtime.php";

/**
 * @type("http://example.com/hello/app/1.0")
 * @implements("http://aps-standard.org/types/core/application/1.0")
 */
class app extends \APS\ResourceBase {
    /**
     * @type(string)
     * @title("Greeting")
     * @requried
     */
    public $greeting = 'hello';
}
