usage --by colour
