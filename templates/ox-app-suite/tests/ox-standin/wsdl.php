<?php
/*
 * WSDL of the OX SOAP provisioning services, as far as this package uses them.
 *
 * Written from the shapes OX publishes for its SOAP admin services (open-xchange-admin-soap,
 * OX App Suite 7.10): document/literal, operation elements in the namespace
 * http://soap.admin.openexchange.com, data objects (Context, User, Group, Server) in
 * http://dataobjects.soap.admin.openexchange.com/xsd and Credentials (login, password) in
 * http://dataobjects.rmi.admin.openexchange.com/xsd. Object fields are optional, in OX's
 * (alphabetical) order; lists are repeated elements. Only the operations and fields the
 * package's scripts use are declared: SoapClient drops a field the WSDL does not know, so the
 * tests' exact comparisons of the recorded calls catch a script sending anything else.
 */

const OX_NS_OPS = 'http://soap.admin.openexchange.com';
const OX_NS_DATA = 'http://dataobjects.soap.admin.openexchange.com/xsd';
const OX_NS_RMI = 'http://dataobjects.rmi.admin.openexchange.com/xsd';

/** Fields of each data object: name => [xsd type or data object, repeated]. */
function ox_data_types()
{
    return array(
        'Context' => array(
            'enabled' => array('xs:boolean', false),
            'id' => array('xs:int', false),
            'loginMappings' => array('xs:string', true),
            'maxQuota' => array('xs:long', false),
            'name' => array('xs:string', false),
            'usedQuota' => array('xs:long', false),
        ),
        'Group' => array(
            'displayname' => array('xs:string', false),
            'id' => array('xs:int', false),
            'members' => array('xs:int', true),
            'name' => array('xs:string', false),
        ),
        'Server' => array(
            'id' => array('xs:int', false),
            'name' => array('xs:string', false),
        ),
        'User' => array(
            'aliases' => array('xs:string', true),
            'defaultSenderAddress' => array('xs:string', false),
            'display_name' => array('xs:string', false),
            'email1' => array('xs:string', false),
            'given_name' => array('xs:string', false),
            'id' => array('xs:int', false),
            'imapLogin' => array('xs:string', false),
            'imapServer' => array('xs:string', false),
            'language' => array('xs:string', false),
            'mailenabled' => array('xs:boolean', false),
            'maxQuota' => array('xs:long', false),
            'name' => array('xs:string', false),
            'password' => array('xs:string', false),
            'primaryEmail' => array('xs:string', false),
            'smtpServer' => array('xs:string', false),
            'sur_name' => array('xs:string', false),
            'timezone' => array('xs:string', false),
            'usedQuota' => array('xs:long', false),
        ),
    );
}

/** Operations of each service: name => [parameters (name => [type, repeated]), return or null]. */
function ox_operations()
{
    $auth = array('auth' => array('Credentials', false));
    return array(
        'OXContextService' => array(
            'change' => array(array('ctx' => array('Context', false)) + $auth, null),
            'createModuleAccessByName' => array(array(
                'ctx' => array('Context', false),
                'admin_user' => array('User', false),
                'access_combination_name' => array('xs:string', false),
            ) + $auth, array('Context', false)),
            'delete' => array(array('ctx' => array('Context', false)) + $auth, null),
            'getAdminId' => array(array('ctx' => array('Context', false)) + $auth, array('xs:int', false)),
            'getData' => array(array('ctx' => array('Context', false)) + $auth, array('Context', false)),
            'list' => array(array('search_pattern' => array('xs:string', false)) + $auth, array('Context', true)),
        ),
        'OXUserService' => array(
            'change' => array(array('ctx' => array('Context', false), 'usrdata' => array('User', false)) + $auth, null),
            'changeByModuleAccessName' => array(array(
                'ctx' => array('Context', false),
                'user' => array('User', false),
                'access_combination_name' => array('xs:string', false),
            ) + $auth, null),
            'createByModuleAccessName' => array(array(
                'ctx' => array('Context', false),
                'usrdata' => array('User', false),
                'access_combination_name' => array('xs:string', false),
            ) + $auth, array('User', false)),
            'delete' => array(array('ctx' => array('Context', false), 'user' => array('User', false)) + $auth, null),
            'getData' => array(array('ctx' => array('Context', false), 'user' => array('User', false)) + $auth, array('User', false)),
            'listAll' => array(array('ctx' => array('Context', false)) + $auth, array('User', true)),
        ),
        'OXGroupService' => array(
            'addMember' => array(array('ctx' => array('Context', false), 'grp' => array('Group', false), 'members' => array('User', true)) + $auth, null),
            'change' => array(array('ctx' => array('Context', false), 'grp' => array('Group', false)) + $auth, null),
            'create' => array(array('ctx' => array('Context', false), 'grp' => array('Group', false)) + $auth, array('Group', false)),
            'delete' => array(array('ctx' => array('Context', false), 'grp' => array('Group', false)) + $auth, null),
            'list' => array(array('ctx' => array('Context', false), 'pattern' => array('xs:string', false)) + $auth, array('Group', true)),
            'removeMember' => array(array('ctx' => array('Context', false), 'grp' => array('Group', false), 'members' => array('User', true)) + $auth, null),
        ),
        'OXUtilService' => array(
            'listServer' => array(array('search_pattern' => array('xs:string', false)) + $auth, array('Server', true)),
        ),
    );
}

function ox_type_ref($type)
{
    if (strpos($type, 'xs:') === 0) {
        return $type;
    }
    return $type === 'Credentials' ? 'rmi:Credentials' : 'data:' . $type;
}

function ox_element($name, $type, $repeated)
{
    $max = $repeated ? ' maxOccurs="unbounded"' : '';
    return sprintf('<xs:element name="%s" type="%s" minOccurs="0"%s nillable="true"/>', $name, ox_type_ref($type), $max);
}

/** The WSDL of `$service`, answering at `$location`. */
function ox_wsdl($service, $location)
{
    $ops = ox_operations();
    if (!isset($ops[$service])) {
        return null;
    }
    $x = array();
    $x[] = '<?xml version="1.0" encoding="UTF-8"?>';
    $x[] = '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"'
        . ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ns="' . OX_NS_OPS . '" xmlns:data="' . OX_NS_DATA . '"'
        . ' xmlns:rmi="' . OX_NS_RMI . '" targetNamespace="' . OX_NS_OPS . '">';
    $x[] = '<wsdl:types>';
    $x[] = '<xs:schema targetNamespace="' . OX_NS_RMI . '" elementFormDefault="qualified">';
    $x[] = '<xs:complexType name="Credentials"><xs:sequence>' . ox_element('login', 'xs:string', false)
        . ox_element('password', 'xs:string', false) . '</xs:sequence></xs:complexType>';
    $x[] = '</xs:schema>';
    $x[] = '<xs:schema targetNamespace="' . OX_NS_DATA . '" elementFormDefault="qualified">';
    foreach (ox_data_types() as $name => $fields) {
        $x[] = '<xs:complexType name="' . $name . '"><xs:sequence>';
        foreach ($fields as $field => $def) {
            $x[] = ox_element($field, $def[0], $def[1]);
        }
        $x[] = '</xs:sequence></xs:complexType>';
    }
    $x[] = '</xs:schema>';
    $x[] = '<xs:schema targetNamespace="' . OX_NS_OPS . '" elementFormDefault="qualified">';
    $x[] = '<xs:import namespace="' . OX_NS_DATA . '"/><xs:import namespace="' . OX_NS_RMI . '"/>';
    foreach ($ops[$service] as $op => $def) {
        $x[] = '<xs:element name="' . $op . '"><xs:complexType><xs:sequence>';
        foreach ($def[0] as $param => $p) {
            $x[] = ox_element($param, $p[0], $p[1]);
        }
        $x[] = '</xs:sequence></xs:complexType></xs:element>';
        $x[] = '<xs:element name="' . $op . 'Response"><xs:complexType><xs:sequence>'
            . ($def[1] === null ? '' : ox_element('return', $def[1][0], $def[1][1]))
            . '</xs:sequence></xs:complexType></xs:element>';
    }
    $x[] = '</xs:schema>';
    $x[] = '</wsdl:types>';
    foreach ($ops[$service] as $op => $def) {
        $x[] = '<wsdl:message name="' . $op . 'Request"><wsdl:part name="parameters" element="ns:' . $op . '"/></wsdl:message>';
        $x[] = '<wsdl:message name="' . $op . 'Response"><wsdl:part name="parameters" element="ns:' . $op . 'Response"/></wsdl:message>';
    }
    $x[] = '<wsdl:portType name="' . $service . 'PortType">';
    foreach ($ops[$service] as $op => $def) {
        $x[] = '<wsdl:operation name="' . $op . '"><wsdl:input message="ns:' . $op . 'Request"/>'
            . '<wsdl:output message="ns:' . $op . 'Response"/></wsdl:operation>';
    }
    $x[] = '</wsdl:portType>';
    $x[] = '<wsdl:binding name="' . $service . 'Soap11Binding" type="ns:' . $service . 'PortType">';
    $x[] = '<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>';
    foreach ($ops[$service] as $op => $def) {
        $x[] = '<wsdl:operation name="' . $op . '"><soap:operation soapAction="urn:' . $op . '" style="document"/>'
            . '<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>';
    }
    $x[] = '</wsdl:binding>';
    $x[] = '<wsdl:service name="' . $service . '"><wsdl:port name="' . $service . 'HttpSoap11Endpoint" binding="ns:'
        . $service . 'Soap11Binding"><soap:address location="' . htmlspecialchars($location, ENT_QUOTES) . '"/></wsdl:port></wsdl:service>';
    $x[] = '</wsdl:definitions>';
    return implode("\n", $x) . "\n";
}
