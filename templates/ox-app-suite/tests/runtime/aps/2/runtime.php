<?php
/*
 * A stand-in of the parts of the APS PHP runtime (aps/2/runtime.php) that this package's scripts
 * use, for the tests only: the runtime itself is not published in a package registry. It is
 * never packaged (tests/ is outside the [files] includes).
 *
 * - \APS\ResourceBase: the base class of every service; `aps` holds the resource's id and type,
 *   `_copy($new)` takes the properties of the new state in configure().
 * - \APS\Request::getController()->getResources($rql, $path): the resources under a collection
 *   path such as /aps/2/resources/<context id>/users, as the test registered them.
 */

namespace APS;

// The scripts each `require` the runtime, as they do on the platform; one test loads several.
if (class_exists('APS\\ResourceBase', false)) {
    return;
}

class ResourceBase
{
    /** @var \stdClass id and type of the resource */
    public $aps;

    public function _copy($new)
    {
        foreach (get_object_vars($new) as $key => $value) {
            if ($key !== 'aps') {
                $this->$key = $value;
            }
        }
    }
}

class Controller
{
    /** @var array<string, object[]> collection path => resources */
    public $collections = array();
    /** @var string[] every getResources call, as "rql @ path" */
    public $queries = array();

    public function getResources($rql = '', $path = '')
    {
        $this->queries[] = $rql . ' @ ' . $path;
        return isset($this->collections[$path]) ? $this->collections[$path] : array();
    }
}

class Request
{
    /** @var Controller|null */
    public static $controller = null;

    public static function getController()
    {
        if (self::$controller === null) {
            self::$controller = new Controller();
        }
        return self::$controller;
    }
}
