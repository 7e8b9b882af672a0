<?php
/*
 * OX App Suite: the client of the OX SOAP provisioning services that every script of this
 * package uses (OXContextService, OXUserService, OXGroupService, OXUtilService).
 *
 * - One SoapClient per service, built from the service's own WSDL (`<base>/<Service>?wsdl`),
 *   always sent to `<base>/<Service>` (OX answers with a WSDL whose endpoint address may name
 *   another host or port than the one the platform can reach).
 * - Every call carries the Credentials object (`auth`: login, password) it is given.
 * - A SOAP fault becomes an OxError that says which service and operation failed and what OX
 *   said, with a kind (`exists`, `missing`, `credentials`, `invalid`, `unreachable`, `failed`)
 *   the scripts use to adopt what a failed earlier attempt created instead of failing again.
 * - Nothing secret reaches a log or an error message: passwords registered with secret() are
 *   replaced by `***` everywhere, and call parameters are never logged, only their names.
 */

/** A failed OX provisioning call, with a kind the scripts can act on. */
class OxError extends \Exception
{
    /** OX says the object exists already (ContextExistsException, "already exists"). */
    const EXISTS = 'exists';
    /** OX knows no such context, user or group (NoSuch*Exception). */
    const MISSING = 'missing';
    /** The master or context admin login was refused (InvalidCredentialsException). */
    const CREDENTIALS = 'credentials';
    /** OX refused the data (InvalidDataException). */
    const INVALID = 'invalid';
    /** The SOAP endpoint could not be reached or did not answer with SOAP. */
    const UNREACHABLE = 'unreachable';
    /** Any other failure (StorageException, DatabaseUpdateException, ...). */
    const FAILED = 'failed';

    /** @var string one of the kinds above */
    public $kind;

    public function __construct($kind, $message, $previous = null)
    {
        parent::__construct($message, 0, $previous);
        $this->kind = $kind;
    }
}

/** The package's own refusal (entitlement, bad input), reported to the panel as it is. */
class OxRefused extends \Exception
{
}

class OxSoap
{
    /** @var string base URL of the SOAP services, ending in `/` */
    private $base;
    /** @var array<string, \SoapClient> */
    private $clients = array();
    /** @var string[] values never to be written anywhere */
    private static $secrets = array();

    /**
     * @param string $soapUrl base URL of the OX SOAP services, e.g. https://ox.example.com/webservices/
     */
    public function __construct($soapUrl)
    {
        $url = trim((string) $soapUrl);
        if (!preg_match('#^https?://[^/\s]+#', $url)) {
            throw new OxRefused("The OX SOAP URL \"" . self::redact($url) . "\" is not an http(s) URL; "
                . "set it to the base of the OX provisioning services, e.g. https://ox.example.com/webservices/");
        }
        $this->base = rtrim($url, '/') . '/';
    }

    /** The Credentials object of OX's SOAP API; registers the password as a secret. */
    public static function credentials($login, $password)
    {
        self::secret($password);
        return array('login' => (string) $login, 'password' => (string) $password);
    }

    /** Registers a value that must never appear in a log line or an error message. */
    public static function secret($value)
    {
        $value = (string) $value;
        if (strlen($value) >= 3 && !in_array($value, self::$secrets, true)) {
            self::$secrets[] = $value;
        }
    }

    /** $text with every registered secret replaced by `***` and control characters escaped. */
    public static function redact($text)
    {
        $text = (string) $text;
        foreach (self::$secrets as $s) {
            $text = str_replace($s, '***', $text);
        }
        return preg_replace_callback('/[\x00-\x1f\x7f]/', function ($m) {
            return sprintf('\\x%02x', ord($m[0]));
        }, $text);
    }

    /** Writes one line to the PHP error log (the APS endpoint's log), secrets removed. */
    public static function log($message)
    {
        error_log('[ox-app-suite] ' . self::redact($message));
    }

    /**
     * Calls `$operation` of `$service` with the named parameters `$params` (the SOAP body's
     * child elements) and returns the `return` element of the answer (null for void operations).
     */
    public function call($service, $operation, array $params, array $auth)
    {
        $params['auth'] = $auth;
        $names = implode(', ', array_keys($params));
        self::log("calling {$service}.{$operation}({$names})");
        try {
            $answer = $this->client($service)->__soapCall($operation, array($params));
        } catch (\SoapFault $fault) {
            throw $this->translate($service, $operation, $fault);
        }
        if (is_object($answer) && property_exists($answer, 'return')) {
            return $answer->return;
        }
        return null;
    }

    private function client($service)
    {
        if (!isset($this->clients[$service])) {
            $endpoint = $this->base . $service;
            try {
                $this->clients[$service] = new \SoapClient($endpoint . '?wsdl', array(
                    'location' => $endpoint,
                    'exceptions' => true,
                    'trace' => false,
                    'connection_timeout' => 30,
                    'cache_wsdl' => WSDL_CACHE_MEMORY,
                    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
                    'encoding' => 'UTF-8',
                ));
            } catch (\SoapFault $fault) {
                throw new OxError(OxError::UNREACHABLE, self::redact(
                    "OX {$service} is not reachable at {$endpoint} (WSDL: " . $fault->getMessage()
                    . "); check the OX SOAP URL of the application instance and that "
                    . "open-xchange-admin-soap is installed"), $fault);
            }
        }
        return $this->clients[$service];
    }

    private function translate($service, $operation, \SoapFault $fault)
    {
        $names = array();
        if (isset($fault->detail) && is_object($fault->detail)) {
            $names = array_keys(get_object_vars($fault->detail));
        }
        if (isset($fault->faultname) && $fault->faultname !== '') {
            $names[] = (string) $fault->faultname;
        }
        $said = trim((string) $fault->getMessage());
        $all = implode(' ', $names) . ' ' . $said;
        if (preg_match('/ContextExists|already exist|exists already/i', $all)) {
            $kind = OxError::EXISTS;
        } elseif (preg_match('/NoSuch(Context|User|Group|Resource)|does not exist|not found/i', $all)) {
            $kind = OxError::MISSING;
        } elseif (preg_match('/InvalidCredentials|authentication failed/i', $all)) {
            $kind = OxError::CREDENTIALS;
        } elseif (preg_match('/InvalidData/i', $all)) {
            $kind = OxError::INVALID;
        } elseif ((isset($fault->faultcode) && (string) $fault->faultcode === 'HTTP')
            || preg_match('/could not connect|looks like we got no XML|Error Fetching http/i', $said)) {
            $kind = OxError::UNREACHABLE;
        } else {
            $kind = OxError::FAILED;
        }
        $hint = array(
            OxError::CREDENTIALS => ' Check the master admin login and password of the application instance.',
            OxError::UNREACHABLE => ' Check the OX SOAP URL and that the endpoint host can reach it.',
        );
        $message = "OX {$service}.{$operation} failed: " . ($said === '' ? 'no reason given' : $said)
            . (isset($hint[$kind]) ? $hint[$kind] : '');
        return new OxError($kind, self::redact($message), $fault);
    }

    /** The client of the SOAP services of application instance `$app`. */
    public static function forApp($app)
    {
        return new OxSoap($app->soapUrl);
    }

    /** The master admin Credentials of application instance `$app`. */
    public static function master($app)
    {
        return self::credentials($app->masterLogin, $app->masterPassword);
    }

    /**
     * The context admin Credentials of context `$context`: its stored password, or the one
     * derived from the master password and the context's resource id when none is stored yet.
     */
    public static function contextAdmin($context, $app)
    {
        $login = (isset($context->adminLogin) && $context->adminLogin !== '') ? $context->adminLogin : 'oxadmin';
        $password = (isset($context->adminPassword) && $context->adminPassword !== '')
            ? $context->adminPassword
            : self::derivedPassword($app->masterPassword, 'context-admin:' . $context->aps->id);
        return self::credentials($login, $password);
    }

    /** The limit of APS counter `$counter`, or `$missing` when the subscription sets none. */
    public static function limitOf($counter, $missing)
    {
        if (is_object($counter) && isset($counter->limit) && is_numeric($counter->limit) && $counter->limit >= 0) {
            return (int) $counter->limit;
        }
        return $missing;
    }

    /** `$counter` (an APS #Counter, maybe unset) with its usage set to `$usage`. */
    public static function withUsage($counter, $usage)
    {
        if (!is_object($counter)) {
            $counter = new \stdClass();
        }
        $counter->usage = (int) $usage;
        return $counter;
    }

    /**
     * Users of `$context` per access level, as the platform has them, leaving out the user
     * resource `$skip` (the one being created or changed).
     */
    public static function levelCounts($context, $skip = null)
    {
        $counts = array('webmail_plus' => 0, 'pim_plus' => 0, 'groupware_plus' => 0);
        $apsc = \APS\Request::getController();
        $users = $apsc->getResources('implementing(http://www.open-xchange.com/aps/types/user/1.0)',
            '/aps/2/resources/' . $context->aps->id . '/users');
        foreach (OxSoap::items($users) as $u) {
            if ($skip !== null && isset($u->aps->id) && $u->aps->id === $skip) {
                continue;
            }
            $level = isset($u->accessLevel) ? $u->accessLevel : 'webmail_plus';
            if (isset($counts[$level])) {
                $counts[$level]++;
            }
        }
        return $counts;
    }

    /** A list answer as a PHP array (OX sends one element, several, or none). */
    public static function items($value)
    {
        if ($value === null) {
            return array();
        }
        return is_array($value) ? $value : array($value);
    }

    /**
     * A password for an account the package manages itself, derived from `$key` and `$label`:
     * the same on every retry of a failed provisioning, so an object created by an attempt that
     * failed afterwards can still be used, and never stored in clear anywhere.
     */
    public static function derivedPassword($key, $label)
    {
        $raw = hash_hmac('sha256', 'ox-app-suite:' . $label, (string) $key, true);
        $password = substr(rtrim(strtr(base64_encode($raw), '+/', 'Ab'), '='), 0, 24);
        self::secret($password);
        return $password;
    }
}
