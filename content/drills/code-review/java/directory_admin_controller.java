package com.acme.directory;

import java.util.List;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/admin/directory")
public class DirectoryAdminController {
    private final DirContext ctx;
    private final AccountService accounts;

    public DirectoryAdminController(DirContext ctx, AccountService accounts) {
        this.ctx = ctx;
        this.accounts = accounts;
    }

    @PreAuthorize("hasRole('HELPDESK')")
    @GetMapping("/people")
    public List<SearchResult> people(@RequestParam String name) throws Exception {
        String filter = "(&(objectClass=person)(cn=*" + name + "*))";
        return java.util.Collections.list(ctx.search("ou=people,dc=acme", filter, new SearchControls()));
    }

    @PreAuthorize("hasRole('HELPDESK')")
    @GetMapping("/by-mail")
    public List<SearchResult> byMail(@RequestParam String mail) throws Exception {
        String filter = "(mail=" + LdapEncoder.filterEncode(mail) + ")";
        return java.util.Collections.list(ctx.search("ou=people,dc=acme", filter, new SearchControls()));
    }

    @DeleteMapping("/accounts/{uid}")
    public void remove(@PathVariable String uid) {
        accounts.disableAndDelete(uid);
    }
}
