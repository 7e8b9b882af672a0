<?php
/*
 * The stand-in OX behind the SOAP services: contexts with their administrator, users, groups
 * and login mappings, kept in a JSON state file, with every call recorded (service, operation,
 * parameters, credentials) and faults injected on request, the way OX reports them (a SOAP
 * fault whose detail names the OX exception).
 *
 * State file keys:
 *   master     {login, password}: the master admin
 *   servers    [names]: what OXUtilService.listServer lists
 *   contexts   id => {id, name, maxQuota, usedQuota, loginMappings, access, adminId, nextUserId,
 *              nextGroupId, users: id => User fields, groups: id => Group fields}
 *   calls      [{service, operation, params, auth, fault?}]: every call, in order
 *   faults     [{service, operation, exception, message, times, after}]: the next matching call(s)
 *              fail with `exception`; with `after` true the call takes effect first (a reply
 *              lost after OX did the work)
 *   down       true: every request answers HTTP 503
 */

class OxStandinFault extends \Exception
{
    public $exception;

    public function __construct($exception, $message)
    {
        parent::__construct($message);
        $this->exception = $exception;
    }
}

class OxStandin
{
    private $service;
    private $file;

    public function __construct($service, $file)
    {
        $this->service = $service;
        $this->file = $file;
    }

    public static function isDown($file)
    {
        $state = json_decode((string) @file_get_contents($file), true);
        return is_array($state) && !empty($state['down']);
    }

    public function __call($operation, $args)
    {
        $params = json_decode(json_encode(isset($args[0]) ? $args[0] : new \stdClass()), true);
        if (!is_array($params)) {
            $params = array();
        }
        $fh = fopen($this->file, 'c+');
        flock($fh, LOCK_EX);
        $state = json_decode(stream_get_contents($fh), true);
        $auth = isset($params['auth']) ? $params['auth'] : null;
        unset($params['auth']);
        $call = array('service' => $this->service, 'operation' => $operation, 'params' => $params, 'auth' => $auth);
        $fault = $this->takeFault($state, $operation);
        $result = null;
        $error = null;
        try {
            if ($fault !== null && empty($fault['after'])) {
                throw new OxStandinFault($fault['exception'], $fault['message']);
            }
            $method = 'op' . ucfirst(substr($this->service, 2, -7)) . ucfirst($operation);
            if (!method_exists($this, $method)) {
                throw new OxStandinFault('RemoteException', "operation {$operation} is not offered by the stand-in");
            }
            $result = $this->$method($state, $params, $auth);
            if ($fault !== null) {
                throw new OxStandinFault($fault['exception'], $fault['message']);
            }
        } catch (OxStandinFault $f) {
            $error = $f;
            $call['fault'] = $f->exception;
        }
        $state['calls'][] = $call;
        ftruncate($fh, 0);
        rewind($fh);
        fwrite($fh, json_encode($state, JSON_PRETTY_PRINT));
        flock($fh, LOCK_UN);
        fclose($fh);
        if ($error !== null) {
            $detail = new \stdClass();
            $detail->{$error->exception} = new \stdClass();
            throw new \SoapFault('Server', $error->getMessage(), null, $detail, $error->exception);
        }
        if ($result === null) {
            return new \stdClass();
        }
        return array('return' => $result);
    }

    private function takeFault(array &$state, $operation)
    {
        if (empty($state['faults'])) {
            return null;
        }
        foreach ($state['faults'] as $i => $f) {
            if ($f['service'] === $this->service && $f['operation'] === $operation && $f['times'] > 0) {
                $state['faults'][$i]['times']--;
                $f += array('message' => $f['exception'], 'after' => false);
                return $f;
            }
        }
        return null;
    }

    // --- credentials ----------------------------------------------------------------------

    private function requireMaster(array $state, $auth)
    {
        if (!is_array($auth) || !isset($auth['login'], $auth['password'])
            || $auth['login'] !== $state['master']['login'] || $auth['password'] !== $state['master']['password']) {
            throw new OxStandinFault('InvalidCredentialsException', 'Authentication failed');
        }
    }

    /** The context of `$ctx` (by id), checking that `$auth` is its administrator. */
    private function &contextFor(array &$state, $ctx, $auth)
    {
        $id = isset($ctx['id']) ? (string) (int) $ctx['id'] : '';
        if ($id === '' || !isset($state['contexts'][$id])) {
            throw new OxStandinFault('NoSuchContextException', "Context {$id} does not exist");
        }
        $c = &$state['contexts'][$id];
        $admin = $c['users'][(string) $c['adminId']];
        if (!is_array($auth) || !isset($auth['login'], $auth['password'])
            || $auth['login'] !== $admin['name'] || $auth['password'] !== $admin['password']) {
            throw new OxStandinFault('InvalidCredentialsException', 'Authentication failed for user ' . (isset($auth['login']) ? $auth['login'] : ''));
        }
        return $c;
    }

    private function &contextById(array &$state, $ctx)
    {
        $id = isset($ctx['id']) ? (string) (int) $ctx['id'] : '';
        if ($id === '' || !isset($state['contexts'][$id])) {
            throw new OxStandinFault('NoSuchContextException', "Context {$id} does not exist");
        }
        return $state['contexts'][$id];
    }

    private static function mandatory(array $user, array $fields, $what)
    {
        foreach ($fields as $f) {
            if (!isset($user[$f]) || $user[$f] === '') {
                throw new OxStandinFault('InvalidDataException', "Mandatory field {$f} of {$what} is not set");
            }
        }
    }

    private static function contextOut(array $c)
    {
        return array('enabled' => true, 'id' => $c['id'], 'loginMappings' => array_merge(array((string) $c['id']), $c['loginMappings']),
            'maxQuota' => $c['maxQuota'], 'name' => $c['name'], 'usedQuota' => $c['usedQuota']);
    }

    private static function userOut(array $u)
    {
        unset($u['password'], $u['access']);
        return $u;
    }

    // --- OXUtilService --------------------------------------------------------------------

    private function opUtilListServer(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        $out = array();
        foreach ($state['servers'] as $i => $name) {
            $out[] = array('id' => $i + 1, 'name' => $name);
        }
        return $out;
    }

    // --- OXContextService -----------------------------------------------------------------

    private function opContextCreateModuleAccessByName(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        $ctx = isset($p['ctx']) ? $p['ctx'] : array();
        $admin = isset($p['admin_user']) ? $p['admin_user'] : array();
        if (!isset($ctx['name']) || $ctx['name'] === '' || !isset($ctx['maxQuota'])) {
            throw new OxStandinFault('InvalidDataException', 'Context name and maxQuota are mandatory');
        }
        self::mandatory($admin, array('name', 'password', 'display_name', 'given_name', 'sur_name', 'primaryEmail', 'email1'), 'the admin user');
        foreach ($state['contexts'] as $c) {
            if ($c['name'] === $ctx['name']) {
                throw new OxStandinFault('ContextExistsException', "Context {$ctx['name']} already exists");
            }
        }
        $id = $state['nextContextId']++;
        $admin['id'] = 2;
        $admin['access'] = $p['access_combination_name'];
        $admin['usedQuota'] = 0;
        $state['contexts'][(string) $id] = array(
            'id' => $id, 'name' => $ctx['name'], 'maxQuota' => (int) $ctx['maxQuota'], 'usedQuota' => 0,
            'loginMappings' => array(), 'access' => $p['access_combination_name'], 'adminId' => 2,
            'nextUserId' => 3, 'nextGroupId' => 2, 'users' => array('2' => $admin), 'groups' => array(),
        );
        return self::contextOut($state['contexts'][(string) $id]);
    }

    private function opContextList(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        $pattern = '/^' . str_replace('\*', '.*', preg_quote((string) $p['search_pattern'], '/')) . '$/';
        $out = array();
        foreach ($state['contexts'] as $c) {
            if (preg_match($pattern, $c['name'])) {
                $out[] = self::contextOut($c);
            }
        }
        return $out;
    }

    private function opContextGetData(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        return self::contextOut($this->contextById($state, $p['ctx']));
    }

    private function opContextGetAdminId(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        $c = $this->contextById($state, $p['ctx']);
        return $c['adminId'];
    }

    private function opContextChange(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        $c = &$this->contextById($state, $p['ctx']);
        if (isset($p['ctx']['name'])) {
            $c['name'] = $p['ctx']['name'];
        }
        if (isset($p['ctx']['maxQuota'])) {
            $c['maxQuota'] = (int) $p['ctx']['maxQuota'];
        }
        if (array_key_exists('loginMappings', $p['ctx'])) {
            $mappings = array();
            foreach ((array) $p['ctx']['loginMappings'] as $m) {
                if ((string) $m !== (string) $c['id']) {
                    $mappings[] = (string) $m;
                }
            }
            $c['loginMappings'] = array_values(array_unique($mappings));
        }
        return null;
    }

    private function opContextDelete(array &$state, array $p, $auth)
    {
        $this->requireMaster($state, $auth);
        $c = $this->contextById($state, $p['ctx']);
        unset($state['contexts'][(string) $c['id']]);
        return null;
    }

    // --- OXUserService --------------------------------------------------------------------

    private function &userIn(array &$c, $user)
    {
        foreach ($c['users'] as $id => &$u) {
            if ((isset($user['id']) && (int) $user['id'] === (int) $id) || (!isset($user['id']) && isset($user['name']) && $user['name'] === $u['name'])) {
                return $u;
            }
        }
        throw new OxStandinFault('NoSuchUserException', 'No such user ' . (isset($user['id']) ? $user['id'] : (isset($user['name']) ? $user['name'] : '?')) . ' in context ' . $c['id']);
    }

    private function opUserCreateByModuleAccessName(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $u = $p['usrdata'];
        self::mandatory($u, array('name', 'password', 'display_name', 'given_name', 'sur_name', 'primaryEmail', 'email1'), 'the user');
        foreach ($c['users'] as $other) {
            if ($other['name'] === $u['name']) {
                throw new OxStandinFault('InvalidDataException', "User {$u['name']} already exists in this context");
            }
            if ($other['primaryEmail'] === $u['primaryEmail']) {
                throw new OxStandinFault('InvalidDataException', "Primary mail address {$u['primaryEmail']} already exists in this context");
            }
        }
        $id = $c['nextUserId']++;
        $u['id'] = $id;
        $u['access'] = $p['access_combination_name'];
        $u['usedQuota'] = 0;
        $u['maxQuota'] = -1;
        $c['users'][(string) $id] = $u;
        return self::userOut($u);
    }

    private function opUserGetData(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        return self::userOut($this->userIn($c, $p['user']));
    }

    private function opUserChange(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $u = &$this->userIn($c, $p['usrdata']);
        foreach ($p['usrdata'] as $k => $v) {
            if ($k !== 'id') {
                $u[$k] = $v;
            }
        }
        return null;
    }

    private function opUserChangeByModuleAccessName(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $u = &$this->userIn($c, $p['user']);
        $u['access'] = $p['access_combination_name'];
        return null;
    }

    private function opUserDelete(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $u = $this->userIn($c, $p['user']);
        if ((int) $u['id'] === (int) $c['adminId']) {
            throw new OxStandinFault('InvalidDataException', 'The context admin cannot be deleted');
        }
        unset($c['users'][(string) $u['id']]);
        foreach ($c['groups'] as &$g) {
            $g['members'] = array_values(array_diff($g['members'], array((int) $u['id'])));
        }
        return null;
    }

    private function opUserListAll(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $out = array();
        foreach ($c['users'] as $u) {
            $out[] = array('id' => $u['id']);
        }
        return $out;
    }

    // --- OXGroupService -------------------------------------------------------------------

    private function &groupIn(array &$c, $grp)
    {
        $id = isset($grp['id']) ? (string) (int) $grp['id'] : '';
        if ($id === '' || !isset($c['groups'][$id])) {
            throw new OxStandinFault('NoSuchGroupException', "No such group {$id}");
        }
        return $c['groups'][$id];
    }

    private function memberIds(array $c, $members)
    {
        $ids = array();
        foreach ((array) $members as $m) {
            $id = (int) (is_array($m) ? $m['id'] : $m);
            if (!isset($c['users'][(string) $id])) {
                throw new OxStandinFault('NoSuchUserException', "No such user {$id}");
            }
            $ids[] = $id;
        }
        return $ids;
    }

    private function opGroupCreate(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $g = $p['grp'];
        self::mandatory($g, array('name', 'displayname'), 'the group');
        foreach ($c['groups'] as $other) {
            if ($other['name'] === $g['name']) {
                throw new OxStandinFault('InvalidDataException', "Group {$g['name']} already exists");
            }
        }
        $id = $c['nextGroupId']++;
        $g = array('displayname' => $g['displayname'], 'id' => $id,
            'members' => $this->memberIds($c, isset($g['members']) ? $g['members'] : array()), 'name' => $g['name']);
        $c['groups'][(string) $id] = $g;
        return $g;
    }

    private function opGroupList(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $pattern = '/^' . str_replace('\*', '.*', preg_quote((string) $p['pattern'], '/')) . '$/';
        $out = array();
        foreach ($c['groups'] as $g) {
            if (preg_match($pattern, $g['name'])) {
                $out[] = $g;
            }
        }
        return $out;
    }

    private function opGroupChange(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $g = &$this->groupIn($c, $p['grp']);
        if (isset($p['grp']['displayname'])) {
            $g['displayname'] = $p['grp']['displayname'];
        }
        return null;
    }

    private function opGroupAddMember(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $g = &$this->groupIn($c, $p['grp']);
        $g['members'] = array_values(array_unique(array_merge($g['members'], $this->memberIds($c, $p['members']))));
        return null;
    }

    private function opGroupRemoveMember(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $g = &$this->groupIn($c, $p['grp']);
        $g['members'] = array_values(array_diff($g['members'], $this->memberIds($c, $p['members'])));
        return null;
    }

    private function opGroupDelete(array &$state, array $p, $auth)
    {
        $c = &$this->contextFor($state, $p['ctx'], $auth);
        $g = $this->groupIn($c, $p['grp']);
        unset($c['groups'][(string) $g['id']]);
        return null;
    }
}
