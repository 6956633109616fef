package com.acme.billing;

import java.math.BigDecimal;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/invoices")
@PreAuthorize("isAuthenticated()")
public class InvoiceController {
    private final InvoiceRepository invoices;
    private final CreditService credits;

    public InvoiceController(InvoiceRepository invoices, CreditService credits) {
        this.invoices = invoices;
        this.credits = credits;
    }

    @GetMapping("/{invoiceId}")
    public ResponseEntity<Invoice> one(@PathVariable Long invoiceId, Principal principal) {
        return invoices.findByIdAndCustomerId(invoiceId, principal.getName())
                .map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/{invoiceId}/pdf")
    public byte[] pdf(@PathVariable Long invoiceId) {
        Invoice inv = invoices.getReferenceById(invoiceId);
        return inv.renderPdf();
    }

    @PostMapping("/{invoiceId}/credit")
    public Invoice credit(@PathVariable Long invoiceId, @RequestParam BigDecimal amount,
                          Principal principal) {
        Invoice inv = invoices.findByIdAndCustomerId(invoiceId, principal.getName()).orElseThrow();
        return credits.issue(inv, amount);
    }
}
