<?php
// One notebook.
