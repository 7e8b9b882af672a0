<?php
/*
 * Router for `php -S 127.0.0.1:PORT router.php`: a local stand-in of OX's SOAP provisioning
 * services. `GET /webservices/<Service>?wsdl` answers the service's WSDL (see wsdl.php),
 * `POST /webservices/<Service>` runs the call against the stand-in OX (see ox.php), whose state
 * and record of calls live in the JSON file named by the environment variable OX_STANDIN_STATE.
 */

require __DIR__ . '/wsdl.php';
require __DIR__ . '/ox.php';

$path = (string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$stateFile = (string) getenv('OX_STANDIN_STATE');
if ($path === '/ready') {
    echo "ready\n";
    return true;
}
if (!preg_match('#^/webservices/(OX[A-Za-z]+Service)$#', $path, $m)) {
    http_response_code(404);
    echo "no such service\n";
    return true;
}
$service = $m[1];
$wsdl = ox_wsdl($service, 'http://' . $_SERVER['HTTP_HOST'] . '/webservices/' . $service);
if ($wsdl === null) {
    http_response_code(404);
    echo "no such service\n";
    return true;
}
if (OxStandin::isDown($stateFile)) {
    http_response_code(503);
    header('Content-Type: text/html');
    echo "<html><body>Service Unavailable</body></html>\n";
    return true;
}
if ($_SERVER['REQUEST_METHOD'] === 'GET') {
    header('Content-Type: text/xml; charset=utf-8');
    echo $wsdl;
    return true;
}
$file = sys_get_temp_dir() . '/ox-standin-' . md5($wsdl) . '.wsdl';
if (!is_file($file)) {
    file_put_contents($file, $wsdl);
}
$server = new SoapServer($file, array('features' => SOAP_SINGLE_ELEMENT_ARRAYS, 'cache_wsdl' => WSDL_CACHE_NONE));
$server->setObject(new OxStandin($service, $stateFile));
$server->handle();
return true;
