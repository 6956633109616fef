package com.shop.orders;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/orders")
public class OrderSearchController {
    private final JdbcTemplate jdbc;
    private final OrderRepository orders;

    public OrderSearchController(JdbcTemplate jdbc, OrderRepository orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    @GetMapping("/search")
    public List<Map<String, Object>> search(@RequestParam String customer,
                                            @RequestParam(defaultValue = "OPEN") String status) {
        String sql = "SELECT id, total, status FROM orders WHERE customer_name LIKE '%"
                + customer + "%' ORDER BY created_at DESC";
        List<Map<String, Object>> rows = jdbc.queryForList(sql);
        List<Map<String, Object>> open = jdbc.queryForList(
                "SELECT id FROM orders WHERE status = ? LIMIT 50", status);
        rows.addAll(open);
        return rows;
    }

    @GetMapping("/{id}")
    public Order get(@PathVariable long id) {
        return orders.findById(id).orElseThrow(OrderNotFound::new);
    }

    @GetMapping("/mine")
    public List<Order> mine(Principal principal) {
        return orders.findByOwner(principal.getName());
    }
}
