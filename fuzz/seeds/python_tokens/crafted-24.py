café = café
