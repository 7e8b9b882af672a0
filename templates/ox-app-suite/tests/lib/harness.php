<?php
/*
 * Test harness: starts the OX SOAP stand-in (ox-standin/router.php under `php -S` on a free
 * 127.0.0.1 port), resets and reads its state, injects faults, captures the PHP error log the
 * scripts write to, builds APS resources as the platform would hand them to the scripts, and
 * runs named tests with plain assertions.
 */

set_include_path(dirname(__DIR__) . '/runtime' . PATH_SEPARATOR . get_include_path());
error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    if (!(error_reporting() & $severity)) {
        return false;
    }
    throw new \ErrorException($message, 0, $severity, $file, $line);
});

const MASTER_LOGIN = 'oxadminmaster';
const MASTER_PASSWORD = 'Master-Secret-71';

final class Harness
{
    public static $url;
    public static $stateFile;
    public static $logFile;
    public static $server;
    public static $failures = 0;
    public static $passed = 0;

    public static function start()
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        if ($probe === false) {
            fwrite(STDERR, "cannot open a local port: {$errstr}\n");
            exit(2);
        }
        $name = stream_socket_get_name($probe, false);
        fclose($probe);
        $port = (int) substr($name, strrpos($name, ':') + 1);
        self::$stateFile = tempnam(sys_get_temp_dir(), 'ox-standin-state-');
        self::$logFile = tempnam(sys_get_temp_dir(), 'ox-app-suite-log-');
        self::reset();
        $router = dirname(__DIR__) . '/ox-standin/router.php';
        $env = array_merge(getenv(), array('OX_STANDIN_STATE' => self::$stateFile));
        $null = fopen('/dev/null', 'w');
        self::$server = proc_open(array(PHP_BINARY, '-S', "127.0.0.1:{$port}", $router), array(0 => array('pipe', 'r'), 1 => $null, 2 => $null), $pipes, null, $env);
        self::$url = "http://127.0.0.1:{$port}/webservices/";
        for ($i = 0; $i < 100; $i++) {
            if (@file_get_contents("http://127.0.0.1:{$port}/ready") === "ready\n") {
                break;
            }
            usleep(50000);
        }
        register_shutdown_function(function () {
            proc_terminate(Harness::$server);
            proc_close(Harness::$server);
            @unlink(Harness::$stateFile);
            @unlink(Harness::$logFile);
        });
        ini_set('error_log', self::$logFile);
        ini_set('log_errors', '1');
    }

    /** A fresh stand-in OX: no context, the master admin, one server. */
    public static function reset(array $extra = array())
    {
        $state = array_merge(array(
            'master' => array('login' => MASTER_LOGIN, 'password' => MASTER_PASSWORD),
            'servers' => array('oxserver'),
            'nextContextId' => 10,
            'contexts' => new \stdClass(),
            'calls' => array(),
            'faults' => array(),
            'down' => false,
        ), $extra);
        file_put_contents(self::$stateFile, json_encode($state, JSON_PRETTY_PRINT));
        file_put_contents(self::$logFile, '');
        \APS\Request::$controller = null;
    }

    public static function state()
    {
        return json_decode(file_get_contents(self::$stateFile), true);
    }

    public static function edit(callable $change)
    {
        $state = self::state();
        $change($state);
        if (empty($state['contexts'])) {
            $state['contexts'] = new \stdClass();
        }
        file_put_contents(self::$stateFile, json_encode($state, JSON_PRETTY_PRINT));
    }

    /** The recorded calls, optionally only those of `$service` (and `$operation`). */
    public static function calls($service = null, $operation = null)
    {
        $out = array();
        foreach (self::state()['calls'] as $c) {
            if (($service === null || $c['service'] === $service) && ($operation === null || $c['operation'] === $operation)) {
                $out[] = $c;
            }
        }
        return $out;
    }

    /** "Service.operation" of every recorded call, in order. */
    public static function trail()
    {
        return array_map(function ($c) {
            return $c['service'] . '.' . $c['operation'] . (isset($c['fault']) ? '!' : '');
        }, self::state()['calls']);
    }

    /** The next `$times` calls of `$service`.`$operation` fail with OX exception `$exception`. */
    public static function fault($service, $operation, $exception, $times = 1, $after = false, $message = null)
    {
        self::edit(function (&$s) use ($service, $operation, $exception, $times, $after, $message) {
            $s['faults'][] = array('service' => $service, 'operation' => $operation, 'exception' => $exception,
                'times' => $times, 'after' => $after, 'message' => $message === null ? $exception : $message);
        });
    }

    public static function log()
    {
        return (string) file_get_contents(self::$logFile);
    }

    public static function test($name, callable $body)
    {
        self::reset();
        try {
            $body();
            self::$passed++;
            echo "ok   {$name}\n";
        } catch (\Throwable $e) {
            self::$failures++;
            echo "FAIL {$name}\n     " . get_class($e) . ': ' . $e->getMessage() . "\n     at " . $e->getFile() . ':' . $e->getLine() . "\n";
        }
    }

    public static function finish()
    {
        echo self::$passed . " passed, " . self::$failures . " failed\n";
        exit(self::$failures === 0 ? 0 : 1);
    }
}

final class AssertionFailed extends \Exception
{
}

function check($condition, $message)
{
    if (!$condition) {
        throw new AssertionFailed($message);
    }
}

function same($expected, $actual, $message)
{
    if ($expected !== $actual) {
        throw new AssertionFailed($message . "\n     expected: " . var_export($expected, true) . "\n     actual:   " . var_export($actual, true));
    }
}

/** Runs `$body`, which must throw `$class` with a message matching `$pattern`; returns it. */
function throws($class, $pattern, callable $body)
{
    try {
        $body();
    } catch (\Throwable $e) {
        check($e instanceof $class, "expected {$class}, got " . get_class($e) . ': ' . $e->getMessage());
        check(preg_match($pattern, $e->getMessage()) === 1, "message \"" . $e->getMessage() . "\" does not match {$pattern}");
        return $e;
    }
    throw new AssertionFailed("expected {$class} matching {$pattern}, nothing was thrown");
}

/** No secret in the log the scripts wrote, nor in `$texts`. */
function no_secrets(array $secrets, array $texts = array())
{
    $texts[] = Harness::log();
    foreach ($texts as $text) {
        foreach ($secrets as $s) {
            check(strpos($text, $s) === false, "a secret appears in: {$text}");
        }
    }
}

function obj(array $fields)
{
    return json_decode(json_encode($fields));
}

/** The application instance as the platform hands it to the scripts. */
function an_app(array $over = array())
{
    $app = new app();
    $app->aps = obj(array('id' => 'app-1', 'type' => 'http://www.open-xchange.com/aps/types/app/1.0'));
    foreach (array_merge(array(
        'soapUrl' => Harness::$url,
        'masterLogin' => MASTER_LOGIN,
        'masterPassword' => MASTER_PASSWORD,
        'frontendUrl' => 'https://ox.example.com/appsuite/',
        'imapServer' => 'imaps://mail.example.com:993',
        'smtpServer' => 'smtps://mail.example.com:465',
        'contextAccess' => 'groupware_plus',
        'language' => 'en_US',
        'timezone' => 'Europe/Berlin',
        'contexts' => array(),
    ), $over) as $k => $v) {
        $app->$k = $v;
    }
    return $app;
}

/** A context resource of a subscription whose limits are `$limits` (counter => limit). */
function a_context($app, array $limits = array(), $apsId = 'c0ffee00-0000-4000-8000-000000000001')
{
    $c = new context();
    $c->aps = obj(array('id' => $apsId, 'type' => 'http://www.open-xchange.com/aps/types/context/1.0'));
    $c->app = $app;
    $c->subscription = obj(array('aps' => array('id' => 'sub-1'), 'subscriptionId' => 1001));
    $c->account = obj(array('aps' => array('id' => 'acc-1'), 'companyName' => 'Example Ltd',
        'adminContact' => array('email' => 'admin@example.com', 'givenName' => 'Ada', 'familyName' => 'Admin')));
    $c->adminLogin = 'oxadmin';
    foreach (array('mailboxes', 'pimMailboxes', 'groupwareMailboxes', 'diskspace') as $counter) {
        $c->$counter = isset($limits[$counter]) ? obj(array('limit' => $limits[$counter], 'usage' => 0)) : obj(array('usage' => 0));
    }
    return $c;
}

/** Registers `$users` as the users collection of context `$c` in the platform stand-in. */
function platform_users($c, array $users)
{
    \APS\Request::getController()->collections['/aps/2/resources/' . $c->aps->id . '/users'] = $users;
}

/** A context provisioned in the stand-in (the calls it made are forgotten). */
function ready_context(array $limits = array())
{
    $c = a_context(an_app(), $limits);
    $c->provision();
    Harness::edit(function (&$s) {
        $s['calls'] = array();
    });
    file_put_contents(Harness::$logFile, '');
    return $c;
}

/** A user resource of context `$c`, as the customer panel creates it. */
function a_user($c, array $over = array(), $apsId = 'user-1')
{
    $u = new user();
    $u->aps = obj(array('id' => $apsId, 'type' => 'http://www.open-xchange.com/aps/types/user/1.0'));
    $u->context = $c;
    $u->serviceUser = obj(array('aps' => array('id' => 'su-' . $apsId), 'login' => 'jane@example.com'));
    foreach (array_merge(array(
        'login' => 'jane',
        'email' => 'jane@example.com',
        'givenName' => 'Jane',
        'surname' => 'Doe',
        'displayName' => '',
        'password' => 'User-Secret-42',
        'language' => '',
        'timezone' => '',
        'aliases' => array('j.doe@example.com'),
        'accessLevel' => 'webmail_plus',
    ), $over) as $k => $v) {
        $u->$k = $v;
    }
    return $u;
}
