package com.acme.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/ops")
public class NetworkDiagnosticsController {

    @PreAuthorize("hasRole('ONCALL')")
    @PostMapping("/ping")
    public String ping(@RequestParam String host) throws IOException {
        Process p = Runtime.getRuntime().exec(new String[] {"sh", "-c", "ping -c 3 " + host});
        return read(p);
    }

    @PreAuthorize("hasRole('ONCALL')")
    @GetMapping("/uptime")
    public String uptime() throws IOException {
        Process p = Runtime.getRuntime().exec(new String[] {"/usr/bin/uptime", "-p"});
        return read(p);
    }

    @PreAuthorize("hasRole('ONCALL')")
    @GetMapping("/disk")
    public String disk(@RequestParam(defaultValue = "false") String human) throws IOException {
        boolean h = Boolean.parseBoolean(human);
        Process p = new ProcessBuilder("df", h ? "-h" : "-k").start();
        return read(p);
    }

    private static String read(Process p) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            return r.lines().collect(Collectors.joining("\n"));
        }
    }
}
