<?php
// The notes application service.
